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
internal sealed class McpSampling(string server, McpCallsInFlight calls, ILogger logger)
{
    public void Advertise(ModelContextProtocol.Client.McpClientHandlers handlers) => handlers.SamplingHandler = SampleAsync;

    private async ValueTask<CreateMessageResult> SampleAsync(
        CreateMessageRequestParams? request, IProgress<ProgressNotificationValue> progress, CancellationToken cancellationToken)
    {
        var (call, refusal) = calls.Single();
        refusal ??= call!.Context.Sampler is null ? "the tool call in flight is not part of a run" : null;
        try
        {
            if (refusal is not null)
            {
                throw new SamplingRefusedException($"Sampling refused: {refusal}.");
            }

            return await call!.Context.Sampler!.CreateSamplingHandler()(request, progress, cancellationToken);
        }
        catch (SamplingRefusedException ex)
        {
            McpLog.SamplingRefused(logger, server, ex.Message);
            throw new McpProtocolException(ex.Message, McpErrorCode.InvalidRequest);
        }
    }
}
