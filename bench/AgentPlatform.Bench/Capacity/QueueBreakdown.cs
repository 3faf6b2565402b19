using Npgsql;

namespace AgentPlatform.Bench.Capacity;

/// <summary>
/// Where a run's queue latency goes, from the times each stage committed: the Api's <c>run.queued</c> event,
/// the Hangfire job's creation (the Api's outbox calling Hangfire's client), its Enqueued state (the same client call,
/// with the queue row and the NOTIFY), its first Processing state (the Worker woke, fetched it and moved it) and the
/// Worker's <c>run.started</c> event (the run loaded its session and began). The events and states are insert-only rows:
/// their transactions' commit timestamps (<see cref="RunTimes.Committed"/>); the job's is its <c>createdat</c>, taken by
/// Hangfire's client just before the insert. Every time comes from one machine's clock.
/// </summary>
public sealed record QueueBreakdown(string Segment, double P50, double P99, double Max)
{
    private static readonly string[] Segments =
    [
        "run.queued → job created (Api outbox)",
        "job created → Enqueued (Hangfire client)",
        "Enqueued → Processing (wake, fetch, state change)",
        "Processing → run.started (run begins)",
    ];

    public static async Task<List<QueueBreakdown>> ReadAsync(string connectionString, IReadOnlyCollection<Guid> sessions, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(ct);
        await using var command = new NpgsqlCommand($$"""
            SELECT (SELECT min({{RunTimes.Committed}}) FROM session_events e WHERE e.session_id = r.session_id AND e.run_id = r.id AND e.type = 'run.queued'),
                   j.createdat,
                   (SELECT min(COALESCE(pg_xact_commit_timestamp(st.xmin), st.createdat)) FROM hangfire.state st WHERE st.jobid = j.id AND st.name = 'Enqueued'),
                   (SELECT min(COALESCE(pg_xact_commit_timestamp(st.xmin), st.createdat)) FROM hangfire.state st WHERE st.jobid = j.id AND st.name = 'Processing'),
                   (SELECT min({{RunTimes.Committed}}) FROM session_events e WHERE e.session_id = r.session_id AND e.run_id = r.id AND e.type = 'run.started')
            FROM runs r JOIN hangfire.job j ON j.arguments ->> 0 = '"' || r.id::text || '"'
            WHERE r.session_id = ANY(@ids)
            """, db);
        command.Parameters.AddWithValue("ids", sessions.ToArray());
        var durations = Segments.Select(_ => new List<double>()).ToArray();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                if (Enumerable.Range(0, 5).Any(reader.IsDBNull))
                {
                    continue;
                }

                var times = Enumerable.Range(0, 5).Select(reader.GetFieldValue<DateTimeOffset>).ToArray();
                for (var i = 0; i < Segments.Length; i++)
                {
                    durations[i].Add((times[i + 1] - times[i]).TotalMilliseconds);
                }
            }
        }

        return [.. Segments.Select((name, i) => durations[i].Count == 0
            ? new QueueBreakdown(name, double.NaN, double.NaN, double.NaN)
            : new QueueBreakdown(name, Percentiles.Median(durations[i]), Percentiles.Of(durations[i], 0.99), durations[i].Max()))];
    }

    public static void Print(IEnumerable<QueueBreakdown> parts)
    {
        foreach (var p in parts)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {p.Segment,-52} p50 {p.P50,7:F1}  p99 {p.P99,7:F1}  max {p.Max,7:F1} ms"));
        }
    }
}
