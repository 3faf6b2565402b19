using System.Collections.Concurrent;

namespace AgentPlatform.Worker.Agents;

/// <summary>
/// Polls the database once a second for a stop recorded on any run this Worker is executing, so a run stops even when
/// the Redis signal was missed (Redis restarting, a Worker that subscribed late). One query a second covers every
/// watched run, however many there are (a poll per run would cost a thousand queries a second at a thousand runs).
/// </summary>
public sealed partial class StopWatcher(IServiceScopeFactory scopes, ILogger<StopWatcher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<Guid, RunCancellations.Lease> _watched = new();

    /// <summary>Watches until the returned handle is disposed.</summary>
    public IDisposable Watch(Guid runId, RunCancellations.Lease lease)
    {
        _watched[runId] = lease;
        return new Watching(this, runId, lease);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (_watched.IsEmpty)
            {
                continue;
            }

            try
            {
                var ids = _watched.Keys.ToList();
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AgentDbContext>();
                var stopped = await db.Runs.IgnoreQueryFilters().AsNoTracking()
                    .Where(r => ids.Contains(r.Id) && r.CancelRequestedAt != null).Select(r => r.Id).ToListAsync(stoppingToken);
                foreach (var runId in stopped)
                {
                    if (_watched.TryRemove(runId, out var lease))
                    {
                        lease.Cancel();
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next tick tries again (the Redis signal is the fast path; this is the fallback).
                LogPollFailed(logger, ex);
            }
        }
    }

    private sealed class Watching(StopWatcher owner, Guid runId, RunCancellations.Lease lease) : IDisposable
    {
        public void Dispose() => owner._watched.TryRemove(new KeyValuePair<Guid, RunCancellations.Lease>(runId, lease));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling for stopped runs failed")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
