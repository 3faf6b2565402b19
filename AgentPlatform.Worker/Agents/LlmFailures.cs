using System.ClientModel;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace AgentPlatform.Worker.Agents;

/// <summary>Sorts what a model call can throw once the resilience pipeline has given up.</summary>
public static class LlmFailures
{
    /// <summary>
    /// The provider cannot be reached or keeps failing: a network error, a timeout, an open circuit, or 408/429/5xx
    /// after the retries. <paramref name="runToken"/> tells a timeout apart from the run being stopped.
    /// </summary>
    public static bool IsUnavailable(Exception exception, CancellationToken runToken) => exception switch
    {
        HttpRequestException or TimeoutRejectedException or BrokenCircuitException => true,
        ClientResultException { Status: 0 or 408 or 429 or >= 500 } => true,
        OperationCanceledException => !runToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>The prompt does not fit the model's context window (OpenAI's context_length_exceeded and its relatives).</summary>
    public static bool IsContextLength(Exception exception) =>
        exception is ClientResultException { Status: 400 } e
        && (e.Message.Contains("context_length_exceeded", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("maximum context length", StringComparison.OrdinalIgnoreCase));

    /// <summary>The provider does not do structured output: a 400 that names response_format (or json_schema).</summary>
    public static bool IsResponseFormatRefused(Exception exception) =>
        exception is ClientResultException { Status: 400 } e
        && (e.Message.Contains("response_format", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("json_schema", StringComparison.OrdinalIgnoreCase));

    /// <summary>Any other refusal by the provider (bad key, unknown model, invalid request): not worth retrying.</summary>
    public static bool IsRejected(Exception exception) => exception is ClientResultException;
}
