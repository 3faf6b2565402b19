using AgentPlatform.Core.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Core.Jobs;

/// <summary>
/// Enqueues the job of a session's current run when it is pending and has none yet. The Api calls it after creating
/// a session or a follow-up; the Worker after a run ends (so an enqueued run starts only after the one before it) and
/// from its recovery sweep (so a crash between saving a run and enqueueing it loses nothing).
/// </summary>
public sealed class RunDispatcher(IBackgroundJobClient jobs, StorageCalls storage)
{
    /// <returns>The run whose job was enqueued now, if any.</returns>
    public async Task<Guid?> DispatchAsync(AgentDbContext db, Guid sessionId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session?.ActiveRun is not { Status: SessionStatus.Pending, JobId: null } run)
        {
            return null;
        }

        // Enqueued off this thread (Hangfire's client is synchronous), then recorded on the copy already loaded; a
        // lost race records it on a fresh copy, and only if that run still has no job (the job is safe to run twice).
        var runId = run.Id;
        var jobId = await EnqueueAsync(runId);
        await db.SaveTrackedSessionAsync(session, s => AssignIfStillPending(s, runId, jobId), cancellationToken);
        return runId;
    }

    /// <summary>
    /// Enqueues the job of a run its caller has just committed pending as its session's only run (a new session), without
    /// loading the session first: the enqueue is on the path to the run's start, the record of its job is not. The job
    /// is recorded only if the run still has none (the sweep may have enqueued one meanwhile; a job is safe to run twice).
    /// </summary>
    public async Task DispatchCreatedAsync(AgentDbContext db, Guid sessionId, Guid runId, CancellationToken cancellationToken)
    {
        var jobId = await EnqueueAsync(runId);
        await db.UpdateSessionAsync(sessionId, s => AssignIfStillPending(s, runId, jobId), cancellationToken);
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

        db.ChangeTracker.Clear();
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (session is null || !AwaitsJob(session.GetRun(runId)))
        {
            return false;
        }

        var jobId = await EnqueueAsync(runId);
        await db.SaveTrackedSessionAsync(session, s =>
        {
            var run = s.GetRun(runId);
            if (AwaitsJob(run))
            {
                run.AssignJob(jobId);
                run.JobFound();
            }
        }, cancellationToken);
        return true;
    }

    private Task<string> EnqueueAsync(Guid runId) =>
        storage.RunAsync(() => jobs.Enqueue<IRunAgentJob>(j => j.ExecuteAsync(runId, CancellationToken.None)));

    /// <summary>Records the job on the run only if it is still the session's pending run without one.</summary>
    private static void AssignIfStillPending(Session session, Guid runId, string jobId)
    {
        if (session.ActiveRun is { Status: SessionStatus.Pending, JobId: null } current && current.Id == runId)
        {
            current.AssignJob(jobId);
        }
    }

    private static bool AwaitsJob(Run run) => run.Status == SessionStatus.Processing && run.NeedsJobSince is not null;
}
