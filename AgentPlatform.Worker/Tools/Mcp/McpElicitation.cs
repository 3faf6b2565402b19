using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace AgentPlatform.Worker.Tools.Mcp;

/// <summary>
/// Answers one server session's <c>elicitation/create</c> requests (<c>Mcp:Servers:&lt;name&gt;:AllowElicitation</c>)
/// by asking the user of the run whose tool call is in flight on that session (<see cref="ToolContext.Input"/>): the
/// run raises input.requested and the call waits, its timeout paused, for the answer, a stop or
/// <c>Mcp:ElicitationTimeout</c>. Form mode only (the capability advertised); a request that cannot be tied to one run
/// is refused, as sampling's is.
/// </summary>
internal sealed class McpElicitation(string server, TimeSpan timeout, McpCallsInFlight calls, ILogger logger)
{
    public void Advertise(ModelContextProtocol.Client.McpClientHandlers handlers) => handlers.ElicitationHandler = ElicitAsync;

    private async ValueTask<ElicitResult> ElicitAsync(ElicitRequestParams? request, CancellationToken cancellationToken)
    {
        var (call, refusal) = calls.Single();
        refusal ??= request switch
        {
            null => "the request has no parameters",
            { Mode: "url" } => "URL mode is not supported, only forms",
            _ when call!.Context.Input is null => "the tool call in flight is not part of a run",
            _ => null,
        };
        if (refusal is not null)
        {
            McpLog.ElicitationRefused(logger, server, refusal);
            throw new McpProtocolException($"Elicitation refused: {refusal}.", McpErrorCode.InvalidRequest);
        }

        var schema = request!.RequestedSchema is { } requested
            ? JsonSerializer.SerializeToElement(requested, McpJsonUtilities.DefaultOptions)
            : JsonSerializer.SerializeToElement(new ElicitRequestParams.RequestSchema(), McpJsonUtilities.DefaultOptions);
        using var paused = call!.Deadline.Pause();
        var answer = await call.Context.Input!.AskAsync(request.Message, schema, timeout, cancellationToken);
        McpLog.Elicited(logger, server, answer.Action);
        return new ElicitResult
        {
            Action = JsonDefaults.Wire(answer.Action),
            Content = answer is { Action: ElicitationAction.Accept, Content: { ValueKind: JsonValueKind.Object } content }
                ? content.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal)
                : null,
        };
    }
}
