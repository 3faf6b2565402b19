namespace AgentPlatform.Worker.Jobs;

/// <summary>
/// A job taken from the queue (its <paramref name="Lease"/> on the queue row, which names the job), the user whose run
/// it is (null when no run names it), and the job as it was moved to Processing by the same statement
/// (<paramref name="InvocationData"/> is null when it was not startable: deleted, or already in a final state).
/// <paramref name="InvocationData"/> and <paramref name="Arguments"/> are Hangfire's stored job,
/// <paramref name="Parameters"/> its job parameters (name to serialized value), read by the same statement.
/// </summary>
public sealed record FetchedRun(QueueLease Lease, string? Owner, string? InvocationData, string? Arguments, DateTime CreatedAt,
    IReadOnlyDictionary<string, string?> Parameters)
{
    /// <summary>Whether the fetch moved the job to Processing (it then runs now).</summary>
    public bool Started => InvocationData is not null;
}
