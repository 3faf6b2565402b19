using AgentPlatform.Core.Jobs;
using AgentPlatform.Worker.Webhooks;

namespace AgentPlatform.Worker.Agents;

/// <summary>
/// Executes one run with the <see cref="AgentEngine"/>. Hangfire delivers at least once, so it checks state first: a
/// finished run, one waiting for the user, or one whose turn has not come is left alone; a run that is processing (a
/// Worker died in it, or the user answered its question) is resumed from its checkpoints. A stop (Redis signal or the
/// database) cancels the model or tool call and ends the run stopped/cancelled; a Worker shutdown leaves it for the
/// next delivery. When the run ends, the session's next queued run is enqueued.
/// </summary>
public sealed class RunAgentJob(
    AgentDbContext db,
    AgentEngine engine,
    LlmModel model,
    RunCancellations cancellations,
    StopWatcher stopWatcher,
    RunDispatcher dispatcher,
    WebhookDispatcher webhooks,
    TimeProvider clock,
    ILogger<RunAgentJob> logger) : IRunAgentJob
{
    public async Task ExecuteAsync(Guid runId, CancellationToken cancellationToken)
    {
        var sessionId = await db.Runs.Where(r => r.Id == runId).Select(r => (Guid?)r.SessionId).FirstOrDefaultAsync(cancellationToken);
        if (sessionId is not { } id)
        {
            AgentLog.RunMissing(logger, runId);
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["SessionId"] = id, ["RunId"] = runId });
        System.Diagnostics.Activity.Current?.SetTag(Telemetry.WorkerTelemetry.SessionIdTag, id.ToString())
            .SetBaggage(Telemetry.WorkerTelemetry.SessionIdTag, id.ToString());
        using var lease = cancellations.Register(runId, cancellationToken);
        var session = await db.UpdateSessionAsync(id, s => Begin(s, runId), cancellationToken);
        var run = session!.GetRun(runId);
        if (run.Status != SessionStatus.Processing)
        {
            AgentLog.NothingToDo(logger, run.Status);
            if (run.Status != SessionStatus.WaitingForInput)
            {
                await dispatcher.DispatchAsync(db, id, CancellationToken.None);
            }

            return;
        }

        AgentLog.RunStarted(logger, model.Name, model.IsSimulated);
        using var watch = stopWatcher.Watch(runId, lease);
        RunOutcome outcome;
        try
        {
            outcome = await engine.RunAsync(session, runId, lease.Token);
        }
        catch (OperationCanceledException) when (lease.Token.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            AgentLog.RunStopped(logger);
            await db.UpdateSessionAsync(id, s => Finish(s, runId, null), CancellationToken.None);
            await DispatchAfterRunAsync(id);
            return;
        }

        if (outcome is RunOutcome.WaitingForInput)
        {
            AgentLog.WaitingForInput(logger);
            return;
        }

        AgentLog.RunEnded(logger, outcome.GetType().Name);
        await db.UpdateSessionAsync(id, s => Finish(s, runId, outcome), CancellationToken.None);
        await DispatchAfterRunAsync(id);
    }

    /// <summary>The session's next queued run, and the webhook the run's end owes (its outbox row committed with the end).</summary>
    private async Task DispatchAfterRunAsync(Guid sessionId)
    {
        await dispatcher.DispatchAsync(db, sessionId, CancellationToken.None);
        try
        {
            await webhooks.DispatchAsync(sessionId, createdBefore: null, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The row stays without a job; the webhook sweep enqueues it.
            AgentLog.WebhookDispatchFailed(logger, ex);
        }
    }

    /// <summary>Records how the run ended; null means stopped by the user. A run already finished is left as it is.</summary>
    private void Finish(Session session, Guid runId, RunOutcome? outcome)
    {
        if (session.GetRun(runId).IsTerminal)
        {
            return;
        }

        var now = clock.GetUtcNow();
        switch (outcome)
        {
            case null:
                session.StopRun(runId, now);
                break;
            case RunOutcome.Completed done:
                session.RecordMessage(runId, done.Result, now);
                session.CompleteRun(runId, done.Result, now);
                break;
            case RunOutcome.Incomplete incomplete:
                session.EndRunIncomplete(runId, incomplete.Reason, incomplete.PartialResult, now, incomplete.Detail);
                break;
            case RunOutcome.Failed failed:
                session.FailRun(runId, failed.Error, now);
                break;
        }
    }

    /// <summary>Starts the run if it is pending and its turn; stops it at once if a stop is already recorded.</summary>
    private void Begin(Session session, Guid runId)
    {
        var run = session.GetRun(runId);
        if (run.IsTerminal || session.ActiveRun != run)
        {
            return;
        }

        if (run.CancelRequestedAt is not null)
        {
            session.StopRun(runId, clock.GetUtcNow());
            return;
        }

        if (run.Status == SessionStatus.Pending)
        {
            session.StartRun(runId, model.Name, clock.GetUtcNow());
        }

        // A server's request for input still open means the Worker whose tool call waited for it died (a live one keeps
        // its job invisible): the request ends, and the call, marked started, is reported cut off rather than repeated.
        session.AbandonElicitation(runId, clock.GetUtcNow());

        // This job is the one a resumed run awaited: the sweep must not enqueue another.
        run.JobFound();
    }
}
