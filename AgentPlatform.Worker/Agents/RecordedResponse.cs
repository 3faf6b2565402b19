using System.Text.Json;

namespace AgentPlatform.Worker.Agents;

/// <summary>One tool call as the model made it; <see cref="ArgumentsJson"/> is the arguments object, or null when the model's JSON was broken.</summary>
public sealed record RecordedCall(string CallId, string Name, string? ArgumentsJson)
{
    public string Signature => $"{Name} {ArgumentsJson}";

    public AIFunctionArguments Arguments() =>
        new(ArgumentsJson is null ? [] : JsonSerializer.Deserialize<Dictionary<string, object?>>(ArgumentsJson, AIJsonUtilities.DefaultOptions) ?? []);
}

/// <summary>A model response as the checkpoint keeps it: enough to rebuild the assistant message exactly.</summary>
public sealed record RecordedResponse(string Text, IReadOnlyList<RecordedCall> Calls, int InputTokens, int OutputTokens, int CachedTokens, bool Estimated)
{
    public static RecordedResponse From(ChatResponse response, int promptEstimate, TokenCounter tokens)
    {
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()
            .Select(c => new RecordedCall(c.CallId, c.Name,
                c.Exception is null ? JsonSerializer.Serialize(c.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions) : null))
            .ToList();
        var text = response.Text;
        var usage = response.Usage;
        var estimated = usage?.InputTokenCount is null || usage.OutputTokenCount is null;
        return new RecordedResponse(
            text,
            calls,
            (int)(usage?.InputTokenCount ?? promptEstimate),
            (int)(usage?.OutputTokenCount ?? tokens.Count(response.Messages)),
            (int)(usage?.CachedInputTokenCount ?? 0),
            estimated);
    }

    public ChatMessage ToMessage()
    {
        List<AIContent> contents = [];
        if (Text.Length > 0)
        {
            contents.Add(new TextContent(Text));
        }

        contents.AddRange(Calls.Select(c => new FunctionCallContent(c.CallId, c.Name, c.Arguments())));
        return new ChatMessage(ChatRole.Assistant, contents);
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonDefaults.Options);

    public static RecordedResponse FromJson(string json) =>
        JsonSerializer.Deserialize<RecordedResponse>(json, JsonDefaults.Options) ?? throw new InvalidOperationException("An empty model checkpoint.");
}
