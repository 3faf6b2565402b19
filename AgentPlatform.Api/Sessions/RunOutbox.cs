using System.Diagnostics;
using System.Threading.Channels;
using AgentPlatform.Core.Jobs;

namespace AgentPlatform.Api.Sessions;

/// <summary>
/// Hands new runs to Hangfire off the request path. A run saved pending without a job is the outbox record: the
/// request commits it and answers, this service enqueues its job right after (Hangfire's client is synchronous, so it
/// never runs on a request thread), and if that fails or this process dies first, the Worker's
/// <c>PendingRunSweeper</c> enqueues it later. A create therefore either stored nothing (and failed) or will run.
/// </summary>
public sealed partial class RunOutbox(IServiceScopeFactory scopes, ILogger<RunOutbox> logger) : BackgroundService
{
    // Each dispatch is a few round trips (its Hangfire part on StorageCalls' threads): several at once keep up with bursts.
    private const int Consumers = StorageCalls.Threads;

    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = false });

    /// <param name="Trace">The request's trace, so the enqueue and the job stay in the trace of the request that caused them.</param>
    /// <param name="CreatedRunId">Set for a new session's first run: it is known pending, so it is enqueued without a load.</param>
    private sealed record Work(Guid? SessionId, Guid? ResumeRunId, ActivityContext Trace, Guid? CreatedRunId = null);

    /// <summary>The session has a pending run without a job: enqueue it.</summary>
    public void Dispatch(Guid sessionId) => _work.Writer.TryWrite(new Work(sessionId, null, CurrentTrace()));

    /// <summary>A session just created with its first run pending: enqueue that run.</summary>
    public void DispatchCreated(Guid sessionId, Guid runId) => _work.Writer.TryWrite(new Work(sessionId, null, CurrentTrace(), runId));

    /// <summary>A processing run whose question was answered: enqueue it again (the sweep does if this is lost).</summary>
    public void Resume(Guid runId) => _work.Writer.TryWrite(new Work(null, runId, CurrentTrace()));

    private static ActivityContext CurrentTrace() => Activity.Current?.Context ?? default;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Consumers).Select(_ => Task.Run(() => ConsumeAsync(stoppingToken), stoppingToken)));

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        await foreach (var work in _work.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                using var activity = TraceContextJobFilter.Source.StartActivity("dispatch run", ActivityKind.Internal, work.Trace);
                await using var scope = scopes.CreateAsyncScope();
                var dispatcher = scope.ServiceProvider.GetRequiredService<RunDispatcher>();
                // No request here, so no owner: this context sees the run whoever owns it (the request's would see nothing).
                await using var db = new AgentDbContext(scope.ServiceProvider.GetRequiredService<DbContextOptions<AgentDbContext>>(),
                    owner: null, scope.ServiceProvider.GetServices<ISavedEventsObserver>());
                if (work.ResumeRunId is { } runId)
                {
                    await dispatcher.ResumeAsync(db, runId, stoppingToken);
                }
                else if (work.CreatedRunId is { } created)
                {
                    await dispatcher.DispatchCreatedAsync(db, work.SessionId!.Value, created, stoppingToken);
                }
                else
                {
                    await dispatcher.DispatchAsync(db, work.SessionId!.Value, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The run stays pending without a job, or marked as awaiting one; the Worker's sweeper enqueues it.
                LogDispatchFailed(logger, ex, work.SessionId, work.ResumeRunId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not enqueue the run of session {SessionId} (resume {RunId}); the pending-run sweep will")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, Guid? sessionId, Guid? runId);
}
