using Npgsql;

namespace AgentPlatform.Bench.Capacity;

/// <summary>
/// A run's times from its durable events, when the Api and the Worker committed them (PostgreSQL's commit timestamp of
/// each event's row, <c>track_commit_timestamp</c>; the event's own timestamp, taken before its transaction, where the
/// server does not track them): <c>run.queued</c> (the Api), <c>run.started</c> and <c>run.completed</c> (the Worker);
/// and its steps (model calls: one <c>token.usage</c> each).
/// </summary>
public sealed record RunTimes(Guid SessionId, string Owner, DateTimeOffset Queued, DateTimeOffset? Started, DateTimeOffset? Completed, int Steps)
{
    /// <summary>When an event's row was committed (its transaction's commit timestamp), else its own timestamp.</summary>
    public const string Committed = "COALESCE(pg_xact_commit_timestamp(e.xmin), e.timestamp)";

    public double QueueMs => Started is { } s ? (s - Queued).TotalMilliseconds : double.NaN;

    public static async Task<List<RunTimes>> ReadAsync(string connectionString, IReadOnlyCollection<Guid> sessions, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(ct);
        await using var command = new NpgsqlCommand($$"""
            SELECT e.session_id, s.owner_id,
                   min({{Committed}}) FILTER (WHERE e.type = 'run.queued'),
                   min({{Committed}}) FILTER (WHERE e.type = 'run.started'),
                   min({{Committed}}) FILTER (WHERE e.type = 'run.completed'),
                   count(*) FILTER (WHERE e.type = 'token.usage')::int
            FROM session_events e JOIN sessions s ON s.id = e.session_id
            WHERE e.session_id = ANY(@ids)
            GROUP BY e.session_id, s.owner_id
            """, db);
        command.Parameters.AddWithValue("ids", sessions.ToArray());
        List<RunTimes> runs = [];
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            runs.Add(new RunTimes(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt32(5)));
        }

        return runs;
    }

    /// <summary>Polls until every session's run has completed, or the time is up.</summary>
    public static async Task<List<RunTimes>> WaitForAsync(string connectionString, IReadOnlyCollection<Guid> sessions, TimeSpan limit, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var runs = await ReadAsync(connectionString, sessions, ct);
            if ((runs.Count == sessions.Count && runs.All(r => r.Completed is not null)) || DateTime.UtcNow > deadline)
            {
                return runs;
            }

            await Task.Delay(500, ct);
        }
    }
}
