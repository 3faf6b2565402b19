namespace AgentPlatform.Worker.Agents;

/// <summary>
/// Polls the database once a second for a stop recorded on a running run, so a run stops even when the Redis signal
/// was missed (Redis restarting, a Worker that subscribed late).
/// </summary>
public sealed class StopWatcher(IServiceScopeFactory scopes)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Watches until the returned handle is disposed (disposing cancels the polling, not only the source).</summary>
    public IDisposable Watch(Guid runId, RunCancellations.Lease lease)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(lease.Token);
        _ = PollAsync(runId, lease, stop.Token);
        return new Watching(stop);
    }

    private sealed class Watching(CancellationTokenSource stop) : IDisposable
    {
        public void Dispose()
        {
            // Disposing a source does not cancel its token: without Cancel the poll would go on after the run.
            stop.Cancel();
            stop.Dispose();
        }
    }

    private async Task PollAsync(Guid runId, RunCancellations.Lease lease, CancellationToken ct)
    {
        try
        {
            using var timer = new PeriodicTimer(Interval);
            while (await timer.WaitForNextTickAsync(ct))
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AgentDbContext>();
                if (await db.Runs.AnyAsync(r => r.Id == runId && r.CancelRequestedAt != null, ct))
                {
                    lease.Cancel();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The run ended (or was cancelled another way): watching is over.
        }
    }
}
