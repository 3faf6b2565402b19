using System.Diagnostics;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using Hangfire.Storage;

namespace AgentPlatform.Worker.Jobs;

/// <summary>
/// Executes one fetched job as Hangfire's worker would, but asynchronously: Processing, perform, then Succeeded or
/// Failed (Hangfire's retry filter may turn a failure into a retry), and only then off the queue. While it runs, the
/// storage's heartbeat slides the job's invisibility, so a Worker that dies leaves it to be fetched again. When the
/// host stops and cancels it, the job is requeued for another Worker, which resumes the run from its checkpoints.
/// </summary>
public sealed partial class JobExecutor(JobStorage storage, AsyncJobPerformer performer, ILogger<JobExecutor> logger)
{
    private static readonly string[] Startable = [EnqueuedState.StateName, ProcessingState.StateName];
    private static readonly string[] Running = [ProcessingState.StateName];
    private readonly BackgroundJobStateChanger _states = new(JobFilterProviders.Providers);

    // Hangfire's storage calls are synchronous: a burst of hundreds of runs starting at once would block as many
    // thread-pool threads and starve every run's async continuations. At most this many block at a time.
    private readonly SemaphoreSlim _storage = new(Math.Max(4, 2 * Environment.ProcessorCount));

    /// <returns>Whether the job was handed back to the queue (cancelled by a stop).</returns>
    public async Task<bool> ExecuteAsync(IFetchedJob fetched, string serverId, CancellationToken ct)
    {
        // Disposing a fetched job that was neither removed nor requeued requeues it: whatever fails here, the job is not lost.
        using (fetched)
        {
            try
            {
                var (applied, job) = await OnStorageAsync(() => ChangeState(fetched.JobId, new RunningState(serverId, Guid.NewGuid().ToString()), Startable));
                if (job is null || applied?.Name != ProcessingState.StateName)
                {
                    // Deleted, already finished, or expired: nothing to run (Hangfire's worker does the same).
                    await OnStorageAsync(() => { fetched.RemoveFromQueue(); return 0; });
                    return false;
                }

                var started = Stopwatch.GetTimestamp();
                IState final;
                // A storage connection holds a database connection only while it holds a distributed lock; this one takes none.
                using (var connection = storage.GetConnection())
                {
                    try
                    {
                        await performer.PerformAsync(new PerformContext(storage, connection, job, new JobCancellation(ct)), ct);
                        final = new SucceededState(null, (long)(DateTime.UtcNow - job.CreatedAt).TotalMilliseconds,
                            (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested)
                    {
                        await OnStorageAsync(() => { fetched.Requeue(); return 0; });
                        LogHandedOver(logger, fetched.JobId);
                        return true;
                    }
                    catch (Exception ex)
                    {
                        LogFailed(logger, fetched.JobId, ex);
                        final = new FailedState(ex, serverId) { Reason = "An exception occurred during processing of a background job." };
                    }
                }

                await OnStorageAsync(() =>
                {
                    ChangeState(fetched.JobId, final, Running);
                    fetched.RemoveFromQueue();
                    return 0;
                });
                return false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Storage trouble around the job: it stays queued (requeued on dispose, or fetched again once invisible).
                LogStorageFailed(logger, fetched.JobId, ex);
                return false;
            }
        }
    }

    private async Task<T> OnStorageAsync<T>(Func<T> work)
    {
        await _storage.WaitAsync();
        try
        {
            return work();
        }
        finally
        {
            _storage.Release();
        }
    }

    private (IState? Applied, BackgroundJob? Job) ChangeState(string jobId, IState state, string[] expected)
    {
        using var connection = storage.GetConnection();
        var context = new StateChangeContext(storage, connection, jobId, state, expected);
        var applied = _states.ChangeState(context);
        return (applied, context.ProcessedJob);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} handed back to the queue on stop; another Worker resumes it")]
    private static partial void LogHandedOver(ILogger logger, string jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} failed")]
    private static partial void LogFailed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} could not be moved through its states; it stays queued")]
    private static partial void LogStorageFailed(ILogger logger, string jobId, Exception exception);
}
