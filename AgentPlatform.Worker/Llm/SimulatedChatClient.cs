using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgentPlatform.Core.Llm;

namespace AgentPlatform.Worker.Llm;

/// <summary>
/// The built-in model used in Development when no provider is configured. It is deterministic (same messages, same
/// answer) and reports usage counted with the real tokenizer, so every path that does not need real intelligence runs:
/// asked for a plan (<see cref="EngineMessageKind.Plan"/>, or a revision) it answers a JSON plan, in the shape and
/// within the limits of the response format's schema when the call asks for one; a prompt holding a directive
/// <c>[[tool:NAME {json arguments}]]</c> makes it call that tool once (when offered) before it answers; several
/// directives are called one after another, in order. With <c>[[plan:N]]</c> the plan has N steps and each step calls
/// the tool directives again (a fixed run shape: N steps of that many tool calls each, for benchmarks). A step
/// instruction gets a short report on the step; anything else an answer that quotes the request.
/// <c>Llm:Simulated:LatencyMs</c> makes each call take that long (cancellable), like a real model's thinking time.
/// </summary>
public sealed partial class SimulatedChatClient(TokenCounter tokens, TimeSpan latency) : IChatClient
{
    private static readonly ChatClientMetadata Metadata = new("simulated", null, LlmConnection.SimulatedModel);

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, cancellationToken);
        }

        var list = messages.ToList();
        var reply = Reply(list, options);
        var input = tokens.Count(list) + tokens.Count(options?.Tools ?? []);
        var output = tokens.Count([reply]);
        return new ChatResponse(reply)
        {
            ModelId = LlmConnection.SimulatedModel,
            FinishReason = reply.Contents.OfType<FunctionCallContent>().Any() ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output },
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    private static ChatMessage Reply(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        // The request is the last user message the engine did not write; the instruction is the last user message.
        var requestAt = LastIndex(messages, m => m.Role == ChatRole.User && EngineMessageKind.Of(m) is null);
        var request = requestAt < 0 ? "" : messages[requestAt].Text;
        var instruction = messages.LastOrDefault(m => m.Role == ChatRole.User);
        var kind = instruction is null ? null : EngineMessageKind.Of(instruction);
        var directives = Directive().Matches(request);
        var planSteps = PlanDirective().Match(request) is { Success: true } p ? int.Parse(p.Groups["steps"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var tool = directives.Count > 0 ? directives[0].Groups["name"].Value : null;

        if (kind is EngineMessageKind.Plan or EngineMessageKind.Replan)
        {
            string[] steps = kind == EngineMessageKind.Replan ? ["Try another way", "Write the answer"]
                : planSteps > 0 ? [.. Enumerable.Range(1, planSteps).Select(i => $"Part {i} of {planSteps}")]
                : tool is null ? ["Understand the request", "Write the answer"] : [$"Use the {tool} tool", "Summarise what it returned"];
            return Text(options?.ResponseFormat is ChatResponseFormatJson { Schema: { } schema }
                ? SimulatedStructuredAnswer.Plan(schema, steps)
                : JsonSerializer.Serialize(new { steps }));
        }

        // The calls so far in this scope: the run (from its request), or the current step with [[plan:N]].
        var scopeAt = planSteps > 0 && kind == EngineMessageKind.Step ? LastIndex(messages, m => m == instruction) : requestAt;
        var called = messages.Skip(scopeAt + 1).SelectMany(m => m.Contents).OfType<FunctionCallContent>().Count();
        if (called < directives.Count && kind != EngineMessageKind.Final)
        {
            var directive = directives[called];
            var name = directive.Groups["name"].Value;
            if (options?.Tools?.Any(t => t.Name == name) == true)
            {
                var json = directive.Groups["args"].Success ? directive.Groups["args"].Value : "{}";
                // The directive's arguments are a JSON object (the expression matches only braces), never null.
                var arguments = JsonSerializer.Deserialize<Dictionary<string, object?>>(json, AIJsonUtilities.DefaultOptions)!;
                var callId = $"sim_call_{messages.Count}";
                return new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId, name, arguments)]);
            }
        }

        var toolSaid = messages.Skip(requestAt + 1).SelectMany(m => m.Contents).OfType<FunctionResultContent>().LastOrDefault()?.Result?.ToString();
        var heard = toolSaid is null ? "" : $" The tool answered: \"{Gist(toolSaid, 24)}\".";
        return kind switch
        {
            EngineMessageKind.Step => Text($"[simulated model] Done with this step ({Gist(instruction!.Text, 16)}).{heard}"),
            EngineMessageKind.Nudge => Text("[simulated model] Understood; I will finish with what I have."),
            _ => Text(Answer(request) + heard),
        };
    }

    private static ChatMessage Text(string text) => new(ChatRole.Assistant, text);

    private static int LastIndex(IReadOnlyList<ChatMessage> messages, Func<ChatMessage, bool> match)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (match(messages[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Gist(string text, int maxWords)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Take(maxWords)) + (words.Length > maxWords ? " …" : "");
    }

    private static string Answer(string prompt)
    {
        var words = prompt.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return $"[simulated model] I read your request ({words.Length} words): \"{Gist(prompt, 24)}\". " +
               "This answer comes from the built-in simulated model because no LLM provider is configured; " +
               "set the connection string 'llm' to use a real one.";
    }

    [GeneratedRegex(@"\[\[tool:(?<name>[a-z_]+)\s*(?<args>\{.*?\})?\]\]", RegexOptions.Singleline)]
    private static partial Regex Directive();

    [GeneratedRegex(@"\[\[plan:(?<steps>[1-9][0-9]?)\]\]")]
    private static partial Regex PlanDirective();
}
