using AgentPlatform.Core.Jobs;

namespace AgentPlatform.Worker.Agents;

/// <summary>
/// Executes one run. Hangfire delivers at least once, so it checks state first: a finished run, or one whose turn has
/// not come (an earlier run of the session is still active), is left alone. A stop (Redis signal or the database)
/// cancels the model call and ends the run stopped/cancelled; a Worker shutdown leaves it for the next delivery.
/// When the run ends, the session's next queued run is enqueued.
/// </summary>
public sealed class RunAgentJob(
    AgentDbContext db,
    IChatClient chat,
    LlmModel model,
    TokenCounter tokens,
    RunCancellations cancellations,
    StopWatcher stopWatcher,
    RunDispatcher dispatcher,
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
        using var lease = cancellations.Register(runId, cancellationToken);
        var session = await db.UpdateSessionAsync(id, s => Begin(s, runId), cancellationToken);
        var run = session!.GetRun(runId);
        if (run.Status != SessionStatus.Processing)
        {
            AgentLog.NothingToDo(logger, run.Status);
            await dispatcher.DispatchAsync(db, id, CancellationToken.None);
            return;
        }

        AgentLog.RunStarted(logger, model.Name, model.IsSimulated);
        using var watch = stopWatcher.Watch(runId, lease);
        Action<Session> finish;
        try
        {
            var messages = Conversation.For(session, run);
            var response = await chat.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = 1024 }, lease.Token);
            var input = (int)(response.Usage?.InputTokenCount ?? tokens.Count(messages));
            var output = (int)(response.Usage?.OutputTokenCount ?? tokens.Count(response.Text));
            AgentLog.RunCompleted(logger, input + output);
            finish = s =>
            {
                var now = clock.GetUtcNow();
                s.AddTokenUsage(runId, input, output, now);
                s.RecordMessage(runId, response.Text, now);
                s.CompleteRun(runId, response.Text, now);
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            AgentLog.RunStopped(logger);
            finish = s => s.StopRun(runId, clock.GetUtcNow());
        }
        catch (HttpRequestException ex)
        {
            AgentLog.LlmUnavailable(logger, ex);
            finish = s => s.EndRunIncomplete(runId, StopReason.LlmUnavailable, null, clock.GetUtcNow());
        }

        await db.UpdateSessionAsync(id, s =>
        {
            if (!s.GetRun(runId).IsTerminal)
            {
                finish(s);
            }
        }, CancellationToken.None);
        await dispatcher.DispatchAsync(db, id, CancellationToken.None);
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
    }
}
