using System.Text.Json.Nodes;

namespace AgentPlatform.Tests.Support;

/// <summary>A chat completion request as the fake LLM server received it: the parsed body, the headers and when it came.</summary>
public sealed class FakeLlmRequest
{
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>0 for the first request the server received.</summary>
    public required int Index { get; init; }

    public required JsonObject Body { get; init; }

    /// <summary>Request headers, names case-insensitive, several values joined by commas.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>Time since the server started, on a monotonic clock.</summary>
    public required TimeSpan ReceivedAt { get; init; }

    public string? Model => (string?)Body["model"];

    public bool Stream => (bool?)Body["stream"] ?? false;

    public bool IncludeUsage => (bool?)Body["stream_options"]?["include_usage"] ?? false;

    public JsonArray Messages => Body["messages"] as JsonArray ?? [];

    public JsonArray Tools => Body["tools"] as JsonArray ?? [];

    /// <summary>max_completion_tokens, or the older max_tokens.</summary>
    public int? MaxTokens => (int?)Body["max_completion_tokens"] ?? (int?)Body["max_tokens"];

    /// <summary>The JSON Schema of a <c>response_format: {type: json_schema}</c> request; null when it asks for none.</summary>
    public JsonNode? ResponseFormatSchema => (string?)Body["response_format"]?["type"] == "json_schema"
        ? Body["response_format"]?["json_schema"]?["schema"]
        : null;

    public string? Authorization => Headers.GetValueOrDefault("Authorization");

    /// <summary>The text of the last user message, whether its content is a string or a list of parts.</summary>
    public string? LastUserText => Messages.LastOrDefault(m => (string?)m?["role"] == "user") is { } message
        ? TextOf(message["content"])
        : null;

    /// <summary>Completes when the client went away before the answer was finished (a hang or delay cut short).</summary>
    public Task Aborted => _aborted.Task;

    internal void MarkAborted() => _aborted.TrySetResult();

    public override string ToString() => $"#{Index} {Body.ToJsonString()}";

    private static string? TextOf(JsonNode? content) => content switch
    {
        JsonValue value => (string?)value,
        JsonArray parts => string.Concat(parts.Where(p => (string?)p?["type"] == "text").Select(p => (string?)p?["text"])),
        _ => null,
    };
}
