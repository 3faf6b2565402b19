using System.Diagnostics;
using AgentPlatform.Core.Jobs;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using Hangfire.Storage;

namespace AgentPlatform.Worker.Jobs;

/// <summary>
/// Executes one fetched job as Hangfire's worker would, but asynchronously: the fetch already moved it to Processing
/// (<see cref="FairJobFetcher"/>); perform, then Succeeded (<see cref="JobCompletion"/>, which also takes it off the
/// queue) or Failed (Hangfire's retry filter may turn a failure into a retry), and only then off the queue. While it
/// runs, the run host renews its lease (sliding invisibility), so a Worker that dies leaves it to be fetched again.
/// When the host stops and cancels it, the job is requeued for another Worker, which resumes the run from its checkpoints.
/// </summary>
public sealed partial class JobExecutor(JobStorage storage, StorageCalls calls, AsyncJobPerformer performer, JobCompletion completion,
    QueueRows rows, ILogger<JobExecutor> logger)
{
    private static readonly string[] Running = [ProcessingState.StateName];
    private readonly BackgroundJobStateChanger _states = new(JobFilterProviders.Providers);

    /// <returns>Whether the job was handed back to the queue (cancelled by a stop).</returns>
    public async Task<bool> ExecuteAsync(FetchedRun run, string serverId, CancellationToken ct)
    {
        var lease = run.Lease;
        try
        {
            if (!run.Started)
            {
                // Deleted or already finished: nothing to run (Hangfire's worker does the same).
                await rows.RemoveAsync(lease, CancellationToken.None);
                return false;
            }

            var started = Stopwatch.GetTimestamp();
            Exception? failure = null;
            // A storage connection holds a database connection only while it holds a distributed lock; this one takes none.
            using (var connection = storage.GetConnection())
            {
                try
                {
                    var perform = new PerformContext(storage, connection, new BackgroundJob(lease.JobId, Load(run), run.CreatedAt), new JobCancellation(ct));
                    perform.Items[TraceContextJobFilter.PrefetchedParameters] = run.Parameters;
                    await performer.PerformAsync(perform, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    await rows.RequeueAsync(lease, CancellationToken.None);
                    LogHandedOver(logger, lease.JobId);
                    return true;
                }
                catch (Exception ex)
                {
                    LogFailed(logger, lease.JobId, ex);
                    failure = ex;
                }
            }

            if (failure is null)
            {
                await completion.SucceedAsync(lease, (long)(DateTime.UtcNow - run.CreatedAt).TotalMilliseconds,
                    (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, CancellationToken.None);
                return false;
            }

            // A failure goes through Hangfire's state changer: its retry filter may turn it into a retry.
            var final = new FailedState(failure, serverId) { Reason = "An exception occurred during processing of a background job." };
            await calls.RunAsync(() =>
            {
                ChangeState(lease.JobId, final, Running);
                return 0;
            });
            await rows.RemoveAsync(lease, CancellationToken.None);
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Storage trouble around the job: it stays queued, and is fetched again once its invisibility lapses.
            LogStorageFailed(logger, lease.JobId, ex);
            return false;
        }
        finally
        {
            // Stop renewing whatever happened: a row not released here lapses and is fetched again (at least once).
            lease.Release();
        }
    }

    /// <summary>The stored job, read as Hangfire.PostgreSql's <c>GetJobData</c> reads it (a failure fails the job).</summary>
    private static Job Load(FetchedRun run)
    {
        var invocation = SerializationHelper.Deserialize<InvocationData>(run.InvocationData!);
        invocation.Arguments = run.Arguments;
        return invocation.DeserializeJob();
    }

    private void ChangeState(string jobId, IState state, string[] expected)
    {
        using var connection = storage.GetConnection();
        _states.ChangeState(new StateChangeContext(storage, connection, jobId, state, expected));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} handed back to the queue on stop; another Worker resumes it")]
    private static partial void LogHandedOver(ILogger logger, string jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} failed")]
    private static partial void LogFailed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} could not be moved through its states; it stays queued")]
    private static partial void LogStorageFailed(ILogger logger, string jobId, Exception exception);
}
