using AgentPlatform.Core.Persistence;
using Hangfire;

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

    /// <summary>Enqueues a run that is already processing again, e.g. after the user answered its question.</summary>
    public string Resume(Guid runId) => jobs.Enqueue<IRunAgentJob>(j => j.ExecuteAsync(runId, CancellationToken.None));
}
