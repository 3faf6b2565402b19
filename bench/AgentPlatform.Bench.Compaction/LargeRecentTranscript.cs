namespace AgentPlatform.Bench.Compaction;

/// <summary>
/// A transcript whose recent exchanges are large, as in a conversation of follow-ups with long answers: the prompt, two
/// pinned facts early on, then exchanges of a long answer (~700 tokens) each, the last ones with a long tool output,
/// until the transcript holds <c>tokens</c>. With K = 3 such exchanges kept verbatim a 4k or 8k window's target cannot be met.
/// </summary>
internal static class LargeRecentTranscript
{
    private static readonly string[] Words =
        ("the migration plan moves each tenant to the new store in batches and the dashboard shows progress while the old " +
         "reader stays available for rollback until checksums match across both stores for every table and index").Split(' ');

    public static (List<ChatMessage> Messages, List<string> Pins) Generate(int tokens, TokenCounter counter)
    {
        var random = new Random(tokens);
        var runId = TranscriptGenerator.RunId;
        List<string> pins = ["Fact 1: tenant acme must move last.", "Fact 2: the rollback window is 48 hours."];
        List<ChatMessage> messages =
        [
            new ChatMessage(ChatRole.System, "You are a capable general assistant.").WithId(MemoryMessageIds.System),
            new ChatMessage(ChatRole.User, "Plan the tenant migration and answer my follow-up questions in detail.").WithId(MemoryMessageIds.Prompt(runId)),
        ];
        for (var i = 0; i < pins.Count; i++)
        {
            var callId = $"pin_{i}";
            messages.Add(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId, "pin_fact", new Dictionary<string, object?> { ["fact"] = pins[i] })])
                .WithId(MemoryMessageIds.Model(runId, i + 1)));
            messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, $"Pinned: {pins[i]}")]).WithId(MemoryMessageIds.Tool(runId, i + 1, callId)));
        }

        var total = counter.Count(messages);
        for (var step = 10; total < tokens; step++)
        {
            List<ChatMessage> exchange = [EngineMessageKind.Instruction(EngineMessageKind.Step, $"Follow-up {step}: and what about the next tenant group?")
                .WithId(MemoryMessageIds.Instruction(runId, step, EngineMessageKind.Step))];
            var callId = $"call_{step}";
            exchange.Add(new ChatMessage(ChatRole.Assistant, [new TextContent(Prose(random, 60)), new FunctionCallContent(callId, "web_fetch",
                new Dictionary<string, object?> { ["url"] = $"https://wiki.example/tenants/{step}" })]).WithId(MemoryMessageIds.Model(runId, step)));
            exchange.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, Prose(random, 450))]).WithId(MemoryMessageIds.Tool(runId, step, callId)));
            exchange.Add(new ChatMessage(ChatRole.Assistant, Prose(random, 520)).WithId(MemoryMessageIds.Model(runId, step * 1000)));
            messages.AddRange(exchange);
            total += counter.Count(exchange);
        }

        return (messages, pins);
    }

    private static string Prose(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)])) + ".";
}
