namespace AgentPlatform.Worker.Jobs;

/// <summary>
/// This Worker's hold on one row of Hangfire's <c>jobqueue</c>: the row, its job, and the <c>fetchedat</c> the
/// database last gave it (at the fetch, then at each keep-alive of <see cref="QueueRows"/>).
/// </summary>
public sealed class QueueLease(long row, string jobId, DateTime fetchedAt)
{
    private long _fetchedAtTicks = fetchedAt.ToUniversalTime().Ticks;
    private int _released;

    public long Row { get; } = row;

    public string JobId { get; } = jobId;

    /// <summary>The latest <c>fetchedat</c> this Worker knows of (the keep-alive renews it while the run goes on).</summary>
    public DateTime FetchedAt => new(Interlocked.Read(ref _fetchedAtTicks), DateTimeKind.Utc);

    /// <summary>Whether the row was removed, requeued or lost to another Worker: nothing is left to keep alive.</summary>
    public bool Released => Volatile.Read(ref _released) == 1;

    /// <summary>Moves <see cref="FetchedAt"/> forward only: a slow keep-alive's answer never overwrites a newer one.</summary>
    public void Renewed(DateTime fetchedAt)
    {
        var ticks = fetchedAt.ToUniversalTime().Ticks;
        for (var seen = Interlocked.Read(ref _fetchedAtTicks); ticks > seen; seen = Interlocked.Read(ref _fetchedAtTicks))
        {
            if (Interlocked.CompareExchange(ref _fetchedAtTicks, ticks, seen) == seen)
            {
                return;
            }
        }
    }

    public void Release() => Volatile.Write(ref _released, 1);
}
