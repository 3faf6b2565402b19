using AgentPlatform.Worker.Memory;
using Microsoft.Extensions.AI;

namespace AgentPlatform.Tests.Memory;

/// <summary>Agent conversations for the memory tests, with the ids the engine gives its messages.</summary>
internal static class Transcripts
{
    public static readonly Guid RunId = Guid.Parse("0193a000-0000-7000-8000-000000000001");

    public static string PromptId => MemoryMessageIds.Prompt(RunId);

    public static ChatMessage System(string text = "You are a careful agent.") => new ChatMessage(ChatRole.System, text).WithId(MemoryMessageIds.System);

    public static ChatMessage Prompt(string text) => new ChatMessage(ChatRole.User, text).WithId(PromptId);

    /// <summary>One exchange: the model calls <paramref name="tool"/> and gets <paramref name="output"/>.</summary>
    public static IEnumerable<ChatMessage> ToolExchange(int step, string tool, object arguments, string output)
    {
        var callId = $"call_{step}";
        var args = global::System.Text.Json.JsonSerializer.SerializeToElement(arguments)
            .EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        yield return new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId, tool, args)]).WithId(MemoryMessageIds.Model(RunId, step));
        yield return new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, output)]).WithId(MemoryMessageIds.Tool(RunId, step, callId));
    }

    public static ChatMessage Answer(int step, string text) => new ChatMessage(ChatRole.Assistant, text).WithId(MemoryMessageIds.Model(RunId, step));

    public static IEnumerable<ChatMessage> Pin(int step, string fact) => ToolExchange(step, "pin_fact", new { fact }, $"Pinned: {fact}");

    /// <summary>A long tool output (about 30 tokens a line).</summary>
    public static string Output(int step, int lines) =>
        string.Join('\n', Enumerable.Range(1, lines).Select(i => $"row {i} of step {step}: value {i * 7919 % 1000} at /data/file_{step}_{i}.csv measured ok"));

    /// <summary>System, prompt, then <paramref name="exchanges"/> tool exchanges with long outputs, a pin at step 2, then an answer.</summary>
    public static List<ChatMessage> Long(int exchanges, int lines = 40)
    {
        List<ChatMessage> messages = [System(), Prompt("Analyse the data files and report the totals.")];
        for (var step = 1; step <= exchanges; step++)
        {
            messages.AddRange(step == 2 ? Pin(step, "The customer id is C-4471.") : ToolExchange(step, "web_fetch", new { url = $"https://example.com/{step}" }, Output(step, lines)));
        }

        messages.Add(Answer(exchanges + 1, "The totals so far are 4,210 and 377."));
        return messages;
    }

    /// <summary>Every tool result has its call before it, and every call has its result, in the same unit.</summary>
    public static void AssertPairsIntact(IReadOnlyList<ChatMessage> messages)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            foreach (var result in messages[i].Contents.OfType<FunctionResultContent>())
            {
                var call = messages.Take(i).LastOrDefault(m => m.Role != ChatRole.Tool);
                Assert.True(call is not null && call.Contents.OfType<FunctionCallContent>().Any(c => c.CallId == result.CallId),
                    $"the result of {result.CallId} lost its call");
            }

            foreach (var call in messages[i].Contents.OfType<FunctionCallContent>())
            {
                Assert.True(messages.Skip(i + 1).TakeWhile(m => m.Role == ChatRole.Tool)
                    .Any(m => m.Contents.OfType<FunctionResultContent>().Any(r => r.CallId == call.CallId)), $"the call {call.CallId} lost its result");
            }
        }
    }
}
