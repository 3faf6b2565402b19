using System.Collections.Concurrent;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

// Sampling is deprecated from MCP revision 2026-07-28 (SEP-2577); these sessions speak 2025-11-25 by default
// (McpServerOptions.ProtocolVersion), where it is part of the protocol, and the issue asks for it.
#pragma warning disable MCP9005

namespace AgentPlatform.Worker.Tools.Mcp;

/// <summary>
/// Answers one server session's <c>sampling/createMessage</c> requests (<c>Mcp:Servers:&lt;name&gt;:AllowSampling</c>)
/// with the model of the run whose tool call is in flight on that session, through the SDK's handler over the run's
/// <see cref="ToolContext.Sampler"/> (which pays from the session's budget). A server's request names no tool call, so
/// with several calls in flight on one session (several runs of the Worker) it cannot be told whose budget should pay:
/// it is refused rather than charged to a guess.
/// </summary>
internal sealed class McpSampling(string server, ILogger logger)
{
    private readonly ConcurrentDictionary<object, ToolContext> _inFlight = new();

    /// <summary>Marks a tool call in flight on this session until the result is disposed.</summary>
    public IDisposable Track(ToolContext context)
    {
        var key = new object();
        _inFlight[key] = context;
        return new Untrack(() => _inFlight.TryRemove(key, out _));
    }

    public void Advertise(ModelContextProtocol.Client.McpClientHandlers handlers) => handlers.SamplingHandler = SampleAsync;

    private async ValueTask<CreateMessageResult> SampleAsync(
        CreateMessageRequestParams? request, IProgress<ProgressNotificationValue> progress, CancellationToken cancellationToken)
    {
        var callers = _inFlight.Values.ToList();
        var refusal = callers switch
        {
            [] => "no tool call of this client is in flight",
            [{ Sampler: null }] => "the tool call in flight is not part of a run",
            [_] => null,
            _ => $"{callers.Count} tool calls are in flight on this session, so the run that should pay cannot be told",
        };
        try
        {
            if (refusal is not null)
            {
                throw new SamplingRefusedException($"Sampling refused: {refusal}.");
            }

            return await callers[0].Sampler!.CreateSamplingHandler()(request, progress, cancellationToken);
        }
        catch (SamplingRefusedException ex)
        {
            McpLog.SamplingRefused(logger, server, ex.Message);
            throw new McpProtocolException(ex.Message, McpErrorCode.InvalidRequest);
        }
    }

    private sealed class Untrack(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
