using System.Text;

namespace AgentPlatform.Bench.Compaction;

/// <summary>
/// Long agent transcripts, the same on every run (a fixed seed per size): a system prompt, the user's prompt, then
/// exchanges until the size is reached: web pages (prose), source files (code), search results and build logs as
/// tool outputs of 150 to 1,000 tokens, the model's notes between them, a step instruction every sixth exchange and a
/// pin_fact call every ninth. Ends with the model's latest answer.
/// </summary>
internal static class TranscriptGenerator
{
    public static readonly Guid RunId = Guid.Parse("0193b000-0000-7000-8000-00000000be0c");

    private static readonly string[] Words =
        ("the service returns a paged list of orders for each customer and the report sums them by month while the cache " +
         "keeps recent pages warm so latency stays low under load during the nightly import which retries failed batches " +
         "with exponential backoff and records every failure in the audit table for later review by the operations team").Split(' ');

    public static (List<ChatMessage> Messages, List<string> Pins) Generate(int tokens, TokenCounter counter)
    {
        var random = new Random(tokens);
        List<ChatMessage> messages =
        [
            new ChatMessage(ChatRole.System, "You are a capable general assistant. Plan, use tools when they help, and finish with a clear answer.").WithId(MemoryMessageIds.System),
            new ChatMessage(ChatRole.User, "Audit the order service: read its code and docs, check the build, and report every defect with a fix.").WithId(MemoryMessageIds.Prompt(RunId)),
        ];
        List<string> pins = [];
        var total = counter.Count(messages);
        for (var step = 1; total < tokens; step++)
        {
            List<ChatMessage> exchange = [];
            if (step % 6 == 0)
            {
                exchange.Add(EngineMessageKind.Instruction(EngineMessageKind.Step, $"Step {step / 6 + 1}: continue the audit with the next module.")
                    .WithId(MemoryMessageIds.Instruction(RunId, step, EngineMessageKind.Step)));
            }

            var callId = $"call_{step}";
            var (tool, arguments, output) = step % 9 == 0 ? Pin(step, pins) : ToolOutput(step, random);
            exchange.Add(new ChatMessage(ChatRole.Assistant, [new TextContent(Prose(random, 12 + random.Next(30))), new FunctionCallContent(callId, tool, arguments)])
                .WithId(MemoryMessageIds.Model(RunId, step)));
            exchange.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, output)]).WithId(MemoryMessageIds.Tool(RunId, step, callId)));
            messages.AddRange(exchange);
            total += counter.Count(exchange);
        }

        messages.Add(new ChatMessage(ChatRole.Assistant, "So far: three defects found (unbounded page size, missing retry jitter, audit rows without index).")
            .WithId(MemoryMessageIds.Model(RunId, 100_000)));
        return (messages, pins);
    }

    private static (string, Dictionary<string, object?>, string) Pin(int step, List<string> pins)
    {
        var fact = $"Fact {step / 9}: the order service's limit number {step * 31 % 997} must not change.";
        pins.Add(fact);
        return ("pin_fact", new() { ["fact"] = fact }, $"Pinned: {fact}");
    }

    private static (string, Dictionary<string, object?>, string) ToolOutput(int step, Random random) => (step % 4) switch
    {
        0 => ("web_fetch", new() { ["url"] = $"https://docs.example.com/orders/{step}" }, Page(random)),
        1 => ("file_editor", new() { ["command"] = "view", ["path"] = $"src/Orders/Module{step}.cs" }, Code(step, random)),
        2 => ("web_search", new() { ["query"] = $"order service retry {step}" }, Search(step, random)),
        _ => ("file_editor", new() { ["command"] = "view", ["path"] = $"logs/build-{step}.log" }, Log(step, random)),
    };

    private static string Prose(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)])) + ".";

    private static string Page(Random random) =>
        string.Join("\n\n", Enumerable.Range(0, 3 + random.Next(8)).Select(_ => Prose(random, 40 + random.Next(60))));

    private static string Code(int step, Random random)
    {
        var code = new StringBuilder($"namespace Orders;\n\npublic sealed class Module{step}\n{{\n");
        for (var m = 0; m < 3 + random.Next(8); m++)
        {
            code.Append($"    public async Task<int> Load{m}Async(int page, CancellationToken ct)\n    {{\n")
                .Append($"        var rows = await _db.Orders.Where(o => o.Page == page && o.Kind == {random.Next(50)}).ToListAsync(ct);\n")
                .Append("        // ").Append(Prose(random, 10)).Append('\n')
                .Append($"        return rows.Count > {random.Next(1000)} ? rows.Count : -1;\n    }}\n\n");
        }

        return code.Append("}\n").ToString();
    }

    private static string Search(int step, Random random) =>
        string.Join("\n", Enumerable.Range(1, 4 + random.Next(6)).Select(i =>
            $"{i}. Retry patterns for order imports ({step}.{i}) - https://blog.example.org/{step}/{i}\n   {Prose(random, 25)}"));

    private static string Log(int step, Random random) =>
        string.Join("\n", Enumerable.Range(1, 10 + random.Next(30)).Select(i =>
            $"2026-11-25T10:{i % 60:00}:{step % 60:00}Z {(i % 7 == 0 ? "WARN" : "INFO")} build[{step}] {Prose(random, 8)}"));
}
