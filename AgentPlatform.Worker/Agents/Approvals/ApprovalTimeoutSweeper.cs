using AgentPlatform.Core.Jobs;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Agents.Approvals;

/// <summary>
/// Every <see cref="ApprovalOptions.SweepInterval"/>, denies (reason <c>timeout</c>) the held tool calls nobody decided
/// in time, and enqueues a run whose last held call that was. Every Worker sweeps; the session's concurrency check
/// makes one of them decide each call, and only the one that decided a run's last call enqueues it.
/// </summary>
public sealed partial class ApprovalTimeoutSweeper(
    IServiceScopeFactory scopes, IOptions<ApprovalOptions> options, TimeProvider clock, ILogger<ApprovalTimeoutSweeper> logger) : BackgroundService
{
    public const string TimeoutReason = "timeout";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
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

    /// <returns>How many calls were denied for timing out.</returns>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AgentDbContext>();
        var dispatcher = scope.ServiceProvider.GetRequiredService<RunDispatcher>();
        var now = clock.GetUtcNow();
        var waiting = await db.Runs.AsNoTracking().Where(r => r.Status == SessionStatus.WaitingForInput).Select(r => r.SessionId).Distinct().ToListAsync(ct);
        var denied = 0;
        foreach (var sessionId in waiting)
        {
            var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId && s.ApprovalsJson != null, ct);
            foreach (var expired in session?.PendingApprovals.Where(a => a.ExpiresAt <= now) ?? [])
            {
                var decided = false;
                var resumed = false;
                await db.UpdateSessionAsync(sessionId, s =>
                {
                    decided = s.PendingApprovals.Any(p => p.CallId == expired.CallId);
                    resumed = decided && s.ResolveApproval(expired.CallId, ApprovalDecision.Deny, null, TimeoutReason, now);
                }, ct);
                if (decided)
                {
                    denied++;
                    LogTimedOut(logger, expired.CallId, expired.Tool, sessionId);
                }

                if (resumed)
                {
                    await dispatcher.ResumeAsync(db, expired.RunId, ct);
                }
            }
        }

        return denied;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tool call {CallId} ({Tool}) of session {SessionId} was not decided in time: denied")]
    private static partial void LogTimedOut(ILogger logger, string callId, string tool, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The approval timeout sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
