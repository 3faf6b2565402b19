namespace AgentPlatform.Api.Queue;

/// <summary>
/// Runs waiting for a Worker: pending, and their session's turn (not a follow-up queued behind a run still going).
/// A run waits from when it was queued, or from when the run before it in its session ended, whichever is later.
/// </summary>
public sealed record QueueBacklog(int Waiting, DateTimeOffset? OldestSince)
{
    private const string Sql = """
        SELECT count(*)::int AS waiting, min(GREATEST(r.created_at, p.completed_at)) AS oldest_since
        FROM runs r
        LEFT JOIN runs p ON p.session_id = r.session_id AND p.number = r.number - 1
        WHERE r.status = 'Pending'
          AND NOT EXISTS (SELECT 1 FROM runs o WHERE o.session_id = r.session_id AND o.number < r.number
                          AND o.status IN ('Pending', 'Processing', 'WaitingForInput'))
        """;

    public TimeSpan OldestWait(DateTimeOffset now) => OldestSince is { } since && now > since ? now - since : TimeSpan.Zero;

    /// <summary>Across every user (operators' view; the owner filter does not apply to raw SQL).</summary>
    public static async Task<QueueBacklog> ReadAsync(AgentDbContext db, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<QueueBacklog>(Sql).SingleAsync(ct);
}
