using System.Net;
using System.Text.Json;

namespace AgentPlatform.Tests.Support;

/// <summary>
/// What the fake LLM server answers to one chat completion request. Build one with the factories; adjust with
/// <c>with { Usage = ..., Delay = ..., Chunks = ... }</c>.
/// </summary>
public sealed record FakeLlmReply
{
    public string? Text { get; init; }

    public IReadOnlyList<FakeToolCall> ToolCalls { get; init; } = [];

    /// <summary>Null: the response carries no usage (not even in a streamed final chunk).</summary>
    public FakeLlmUsage? Usage { get; init; }

    /// <summary>How a streamed answer's text is cut into deltas; null cuts it before each word.</summary>
    public IReadOnlyList<string>? Chunks { get; init; }

    /// <summary>Waited before the answer starts (cut short when the client gives up).</summary>
    public TimeSpan Delay { get; init; }

    public HttpStatusCode StatusCode { get; init; } = HttpStatusCode.OK;

    /// <summary>The JSON body of an error answer.</summary>
    public string? ErrorBody { get; init; }

    /// <summary>Sent as the Retry-After header, in whole seconds.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Never answers; the request ends only when the client aborts it or the server stops.</summary>
    public bool Hangs { get; init; }

    /// <summary>
    /// Set by <see cref="Structured"/>: to a request that carries a response_format schema, the answer is a value built
    /// from that schema (<see cref="SchemaInstance"/>) with arrays of this many items; to one without, <see cref="Text"/>.
    /// </summary>
    public int? SchemaArrayItems { get; init; }

    /// <summary>The answer was cut at the request's max_tokens (finish_reason length), as a provider does.</summary>
    public bool Truncated { get; init; }

    public string FinishReason => ToolCalls.Count > 0 ? "tool_calls" : Truncated ? "length" : "stop";

    /// <summary>Structured output built from the request's schema, or <paramref name="prose"/> to a request without one.</summary>
    public static FakeLlmReply Structured(int arrayItems, string prose = "I would rather explain it in prose.", FakeLlmUsage? usage = null) =>
        new() { Text = prose, SchemaArrayItems = arrayItems, Usage = usage };

    /// <summary>What a provider without structured output answers to a request that asks for it.</summary>
    public static FakeLlmReply ResponseFormatUnsupported() =>
        Error(HttpStatusCode.BadRequest, "invalid_request_error", "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
            param: "response_format");

    public static FakeLlmReply Answer(string text, FakeLlmUsage? usage = null) => new() { Text = text, Usage = usage };

    /// <param name="arguments">An object serialized as the arguments, or a string taken as the raw arguments JSON.</param>
    public static FakeLlmReply ToolCall(string name, object? arguments = null, string? id = null, FakeLlmUsage? usage = null) =>
        ToolCallsOf([Call(name, arguments, id)], usage);

    public static FakeLlmReply ToolCallsOf(IReadOnlyList<FakeToolCall> calls, FakeLlmUsage? usage = null) =>
        new() { ToolCalls = calls, Usage = usage };

    /// <inheritdoc cref="ToolCall" path="/param[@name='arguments']"/>
    public static FakeToolCall Call(string name, object? arguments = null, string? id = null) =>
        new(id ?? $"call_{Guid.NewGuid():N}", name,
            arguments as string ?? JsonSerializer.Serialize(arguments ?? new { }, JsonSerializerOptions.Web));

    public static FakeLlmReply RateLimited(TimeSpan? retryAfter = null) =>
        Error(HttpStatusCode.TooManyRequests, "requests", "Rate limit reached for fake-model. Please try again later.",
            code: "rate_limit_exceeded") with { RetryAfter = retryAfter };

    public static FakeLlmReply ServerError() =>
        Error(HttpStatusCode.InternalServerError, "server_error", "The server had an error while processing your request.");

    public static FakeLlmReply ContextLengthExceeded(int maxTokens = 128_000, int requestedTokens = 130_000) =>
        Error(HttpStatusCode.BadRequest, "invalid_request_error",
            $"This model's maximum context length is {maxTokens} tokens. However, your messages resulted in {requestedTokens} tokens. " +
            "Please reduce the length of the messages.",
            param: "messages", code: "context_length_exceeded");

    public static FakeLlmReply Hang() => new() { Hangs = true };

    /// <summary>Any error in OpenAI's shape: <c>{"error": {message, type, param, code}}</c>.</summary>
    public static FakeLlmReply Error(HttpStatusCode status, string type, string message, string? param = null, string? code = null) =>
        new() { StatusCode = status, ErrorBody = OpenAiWire.Error(message, type, param, code).ToJsonString() };
}
