using AgentPlatform.Core.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Core.Jobs;

/// <summary>
/// Enqueues the job of a session's current run when it is pending and has none yet. The Api calls it after creating
/// a session or a follow-up; the Worker after a run ends (so an enqueued run starts only after the one before it) and
/// from its recovery sweep (so a crash between saving a run and enqueueing it loses nothing).
/// </summary>
public sealed class RunDispatcher(IBackgroundJobClient jobs)
{
    /// <returns>The run whose job was enqueued now, if any.</returns>
    public async Task<Guid?> DispatchAsync(AgentDbContext db, Guid sessionId, CancellationToken cancellationToken)
    {
        Guid? enqueuedRun = null;
        string? jobId = null;
        await db.UpdateSessionAsync(sessionId, session =>
        {
            var run = session.ActiveRun;
            if (run is null || run.Status != SessionStatus.Pending || run.JobId is not null)
            {
                return;
            }

            // A retried update (another writer committed first) must not enqueue the same run twice.
            if (enqueuedRun != run.Id)
            {
                var runId = run.Id;
                jobId = jobs.Enqueue<IRunAgentJob>(j => j.ExecuteAsync(runId, CancellationToken.None));
                enqueuedRun = runId;
            }

            run.AssignJob(jobId!);
        }, cancellationToken);
        return enqueuedRun;
    }

    /// <summary>
    /// Enqueues a run that is processing again after the user answered it, if it still awaits a job
    /// (<see cref="Run.NeedsJobSince"/>), and clears that mark in the same update: the Api calls it right after the
    /// answer, the Worker's sweep when that did not happen.
    /// </summary>
    /// <returns>Whether a job was enqueued now.</returns>
    public async Task<bool> ResumeAsync(AgentDbContext db, Guid runId, CancellationToken cancellationToken)
    {
        var sessionId = await db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => (Guid?)r.SessionId).FirstOrDefaultAsync(cancellationToken);
        if (sessionId is not { } id)
        {
            return false;
        }

        string? jobId = null;
        await db.UpdateSessionAsync(id, session =>
        {
            var run = session.GetRun(runId);
            if (run.Status != SessionStatus.Processing || run.NeedsJobSince is null)
            {
                return;
            }

            // A retried update (another writer committed first) must not enqueue the same run twice.
            jobId ??= jobs.Enqueue<IRunAgentJob>(j => j.ExecuteAsync(runId, CancellationToken.None));
            run.AssignJob(jobId);
            run.JobFound();
        }, cancellationToken);
        return jobId is not null;
    }
}
