using AgentPlatform.Core.Jobs;
using Hangfire.PostgreSql;
using Hangfire.Storage;
using Npgsql;

namespace AgentPlatform.Worker.Jobs;

/// <summary>
/// Takes jobs from Hangfire's PostgreSQL queue the way Hangfire.PostgreSql's own dequeue does (an UPDATE of
/// <c>fetchedat</c>, so an expired one is fetched again after the invisibility timeout), but fairly and in batches:
/// each queued run is ranked by how many runs its owner would then hold on this Worker, so the least-served user
/// goes first, a user at their share is skipped, and one user's runs come in enqueue order. The returned jobs are
/// Hangfire's own <see cref="PostgreSqlFetchedJob"/>, so the storage's heartbeat keeps each one invisible (sliding
/// invisibility) until it is removed or requeued, exactly as for a job Hangfire's worker fetched.
/// </summary>
/// <remarks>
/// Written by hand because Hangfire's queue knows no users: its fetch is strictly first in, first out, so a user who
/// queued hundreds of runs would hold every slot. The query reads Hangfire.PostgreSql's <c>jobqueue</c> table
/// (<c>id, jobid, queue, fetchedat</c>, stable across its releases) and joins each job's run by its first argument
/// (<c>job.arguments</c>: the run id of <c>IRunAgentJob.ExecuteAsync(runId, …)</c>), which exists as soon as the job
/// does (<c>runs.job_id</c> is written only after the enqueue, so a job just announced by NOTIFY is not yet found
/// by it); a job whose first argument names no run has no owner and is never held back.
/// </remarks>
/// <param name="invisibilityTimeout">The storage's own (<see cref="RunHostOptions.InvisibilityTimeout"/>), so both agree when a job has lapsed.</param>
public sealed class FairJobFetcher(PostgreSqlStorage storage, NpgsqlDataSource database, TimeSpan invisibilityTimeout)
{
    public const string Queue = "default";

    private static readonly string Sql = $$"""
        WITH candidates AS (
            SELECT q.id, q.jobid, s.owner_id AS owner,
                   COALESCE(u.running, 0) + row_number() OVER (PARTITION BY s.owner_id ORDER BY q.jobid) AS slot
            FROM "{{HangfireStorageExtensions.Schema}}"."jobqueue" q
            LEFT JOIN "{{HangfireStorageExtensions.Schema}}"."job" j ON j.id = q.jobid
            LEFT JOIN runs r ON r.id = substring(j.arguments ->> 0 from '^"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"$')::uuid
            LEFT JOIN sessions s ON s.id = r.session_id
            LEFT JOIN unnest(@owners::text[], @running::int[]) AS u(owner, running) ON u.owner = s.owner_id
            WHERE q.queue = @queue AND (q.fetchedat IS NULL OR q.fetchedat < NOW() - @invisibility) AND NOT (q.id = ANY(@held))
        ), picked AS (
            SELECT id, owner FROM candidates WHERE owner IS NULL OR slot <= @per_user ORDER BY slot, jobid LIMIT @limit
        )
        UPDATE "{{HangfireStorageExtensions.Schema}}"."jobqueue" q SET fetchedat = NOW()
        FROM picked
        WHERE q.id = picked.id AND (q.fetchedat IS NULL OR q.fetchedat < NOW() - @invisibility)
        RETURNING q.id, q.jobid, q.queue, q.fetchedat, picked.owner
        """;

    /// <param name="running">This Worker's runs per owner now.</param>
    /// <param name="held">The queue rows this Worker executes now: never fetched again by it, even if a slow heartbeat
    /// let one's invisibility lapse (another Worker may then take it: at least once, as with Hangfire's own fetch).</param>
    public async Task<IReadOnlyList<FetchedRun>> FetchAsync(
        int limit, int perUser, IReadOnlyDictionary<string, int> running, IReadOnlyCollection<long> held, CancellationToken ct)
    {
        await using var command = database.CreateCommand(Sql);
        command.Parameters.AddWithValue("owners", running.Keys.ToArray());
        command.Parameters.AddWithValue("running", running.Values.ToArray());
        command.Parameters.AddWithValue("queue", Queue);
        command.Parameters.AddWithValue("held", held.ToArray());
        command.Parameters.AddWithValue("invisibility", invisibilityTimeout);
        command.Parameters.AddWithValue("per_user", perUser);
        command.Parameters.AddWithValue("limit", limit);
        List<FetchedRun> fetched = [];
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            IFetchedJob job = new PostgreSqlFetchedJob(storage, reader.GetInt64(0),
                reader.GetInt64(1).ToString(System.Globalization.CultureInfo.InvariantCulture), reader.GetString(2), reader.GetDateTime(3));
            fetched.Add(new FetchedRun(job, reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return fetched;
    }
}
