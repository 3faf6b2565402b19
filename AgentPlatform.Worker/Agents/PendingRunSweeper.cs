using AgentPlatform.Core.Jobs;

namespace AgentPlatform.Worker.Agents;

/// <summary>
/// Every 30 s, enqueues runs that are current, pending and have no job, and processing runs whose answer still awaits
/// a job (<see cref="Run.NeedsJobSince"/>): the Api saved them but did not get to enqueue (it crashed, or Hangfire's
/// storage was briefly down). Without it such a session would wait forever. Both enqueues are conditional updates,
/// so a run whose job appeared meanwhile is left alone.
/// </summary>
public sealed partial class PendingRunSweeper(IServiceScopeFactory scopes, TimeProvider clock, ILogger<PendingRunSweeper> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next tick tries again; the failure is logged, not hidden.
                LogSweepFailed(logger, ex);
            }
        }
    }

    /// <param name="grace">How old an unenqueued run must be (default 15 s, so the Api's own enqueue goes first).</param>
    public async Task<int> SweepAsync(CancellationToken ct, TimeSpan? grace = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AgentDbContext>();
        var dispatcher = scope.ServiceProvider.GetRequiredService<RunDispatcher>();
        var before = clock.GetUtcNow() - (grace ?? Grace);
        var sessions = await db.Runs.AsNoTracking()
            .Where(r => r.Status == SessionStatus.Pending && r.JobId == null && r.CreatedAt < before)
            .Select(r => r.SessionId).Distinct().ToListAsync(ct);
        var enqueued = 0;
        foreach (var sessionId in sessions)
        {
            if (await dispatcher.DispatchAsync(db, sessionId, ct) is { } runId)
            {
                LogRecovered(logger, runId, sessionId);
                enqueued++;
            }
        }

        var resumable = await db.Runs.AsNoTracking()
            .Where(r => r.Status == SessionStatus.Processing && r.NeedsJobSince != null && r.NeedsJobSince < before)
            .Select(r => new { r.Id, r.SessionId }).ToListAsync(ct);
        foreach (var run in resumable)
        {
            if (await dispatcher.ResumeAsync(db, run.Id, ct))
            {
                LogRecovered(logger, run.Id, run.SessionId);
                enqueued++;
            }
        }

        return enqueued;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} of session {SessionId} had no job; enqueued it")]
    private static partial void LogRecovered(ILogger logger, Guid runId, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The pending-run sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
