using System.Text.Json;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Agents.Elicitation;

/// <summary>
/// Asks the run's user for the input an MCP server requested during tool call <c>callId</c>, while the call stays in
/// flight: the request is recorded through the session (input.requested, <c>waiting_for_input</c>), then the call
/// waits for the Api's Redis signal, polling the database too, until the answer is there, <c>Mcp:ElicitationTimeout</c>
/// (or the server's own) passes (cancel, reason timeout) or the run is stopped (cancel). The answer is taken from the session, so the Api
/// never starts a second job for the run.
/// </summary>
public sealed class RunElicitor(
    RunContext run, int step, string callId, string tool, InputSignals signals, RunCancellations cancellations, McpOptions options,
    TimeProvider clock, CancellationToken runToken) : IToolInput
{
    public async Task<ElicitationAnswer> AskAsync(string message, JsonElement schema, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        Core.Domain.Elicitation asked = null!;
        await run.SaveAsync(s => asked = s.RequestElicitation(run.RunId, step, callId, tool, message, schema, now + timeout, now));
        using var listener = signals.Listen(run.RunId);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(runToken, cancellationToken);
        try
        {
            while (clock.GetUtcNow() < asked.ExpiresAt)
            {
                var left = asked.ExpiresAt - clock.GetUtcNow();
                await listener.WaitAsync(left < options.ElicitationPollInterval ? left : options.ElicitationPollInterval, both.Token);
                switch (await StoredAsync(both.Token))
                {
                    case null:
                    case { } stored when stored.Id != asked.Id:
                        // Over without an answer: the Api stopped the run. The run is cancelled here rather than a moment
                        // later by the stop watcher, so the call's late result is never written after run.completed.
                        cancellations.Cancel(run.RunId);
                        runToken.ThrowIfCancellationRequested();
                        return new ElicitationAnswer(ElicitationAction.Cancel, null, clock.GetUtcNow());
                    case { Answer: not null }:
                        ElicitationAnswer? taken = null;
                        await run.ReloadAsync(s => taken = s.TakeElicitationAnswer(asked.Id, clock.GetUtcNow()));
                        if (taken is not null)
                        {
                            return taken;
                        }

                        break;
                }
            }

            return await CloseAsync(asked.Id, Session.ElicitationReasons.Timeout);
        }
        catch (OperationCanceledException) when (runToken.IsCancellationRequested)
        {
            // Stopped (the Api ended the run) or the Worker stops (the next delivery ends the request): the server is told cancel.
            return new ElicitationAnswer(ElicitationAction.Cancel, null, clock.GetUtcNow());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The server withdrew its request (or its session closed): nobody waits for the answer any more.
            await CloseAsync(asked.Id, Session.ElicitationReasons.ServerCancelled);
            throw;
        }
    }

    private async Task<ElicitationAnswer> CloseAsync(Guid elicitationId, string reason)
    {
        ElicitationAnswer closed = null!;
        await run.ReloadAsync(s => closed = s.CloseElicitation(elicitationId, ElicitationAction.Cancel, reason, clock.GetUtcNow()));
        return closed;
    }

    private async Task<Core.Domain.Elicitation?> StoredAsync(CancellationToken cancellationToken)
    {
        var json = await run.Db.Sessions.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.Id == run.Session.Id).Select(s => s.ElicitationJson).FirstOrDefaultAsync(cancellationToken);
        return json is null ? null : JsonSerializer.Deserialize<Core.Domain.Elicitation>(json, JsonDefaults.Options);
    }
}
