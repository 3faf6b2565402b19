using System.Text.Json;
using AgentPlatform.Core.Jobs;
using Hangfire.Common;
using Npgsql;

namespace AgentPlatform.Worker.Jobs;

/// <summary>
/// Takes jobs from Hangfire's PostgreSQL queue the way Hangfire.PostgreSql's own dequeue does (an UPDATE of
/// <c>fetchedat</c>, so an expired one is fetched again after the invisibility timeout), but fairly and in batches:
/// each queued run is ranked by how many runs its owner would then hold on this Worker, so the least-served user
/// goes first, a user at their share is skipped, and one user's runs come in the order they were created (the Api's
/// outbox enqueues several at once, so job ids alone may not keep that order). Each returned job comes with its
/// <see cref="QueueLease"/>, which the run host keeps invisible to other Workers (sliding invisibility,
/// <see cref="QueueRows"/>) until it is removed or requeued, as Hangfire's storage does for the jobs it fetches.
/// </summary>
/// <remarks>
/// Written by hand because Hangfire's queue knows no users: its fetch is strictly first in, first out, so a user who
/// queued hundreds of runs would hold every slot. The query reads Hangfire.PostgreSql's <c>jobqueue</c> table
/// (<c>id, jobid, queue, fetchedat</c>, stable across its releases) and joins each job's run by its first argument
/// (<c>job.arguments</c>: the run id of <c>IRunAgentJob.ExecuteAsync(runId, …)</c>), which exists as soon as the job
/// does (<c>runs.job_id</c> is written only after the enqueue, so a job just announced by NOTIFY is not yet found
/// by it); a job whose first argument names no run has no owner and is never held back.
/// The same statement moves each fetched job to Processing (a state row with Hangfire's own fields, the job's
/// <c>stateid</c>/<c>statename</c>) and returns the stored job, where Hangfire's worker would take a distributed lock and
/// make about six more round trips per job (lock, load, state transaction, unlock), synchronously; it also returns the
/// job's parameters, which the server filters would otherwise read one query each (the trace context). Processing has no
/// state handler or counter in Hangfire, and its election filters (retries) act on Failed only, so nothing is skipped;
/// only jobs still Enqueued (or Processing, when fetched again after a lapsed invisibility) are moved, as Hangfire's
/// worker allows.
/// </remarks>
/// <param name="invisibilityTimeout">The storage's own (<see cref="RunHostOptions.InvisibilityTimeout"/>), so both agree when a job has lapsed.</param>
public sealed class FairJobFetcher(NpgsqlDataSource database, TimeSpan invisibilityTimeout)
{
    public const string Queue = "default";

    private static readonly string Sql = $$"""
        WITH candidates AS (
            SELECT q.id, q.jobid, s.owner_id AS owner, r.created_at AS queued,
                   COALESCE(u.running, 0) + row_number() OVER (PARTITION BY s.owner_id ORDER BY r.created_at, q.jobid) AS slot
            FROM "{{HangfireStorageExtensions.Schema}}"."jobqueue" q
            LEFT JOIN "{{HangfireStorageExtensions.Schema}}"."job" j ON j.id = q.jobid
            LEFT JOIN runs r ON r.id = substring(j.arguments ->> 0 from '^"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"$')::uuid
            LEFT JOIN sessions s ON s.id = r.session_id
            LEFT JOIN unnest(@owners::text[], @running::int[]) AS u(owner, running) ON u.owner = s.owner_id
            WHERE q.queue = @queue AND (q.fetchedat IS NULL OR q.fetchedat < NOW() - @invisibility) AND NOT (q.id = ANY(@held))
        ), picked AS (
            SELECT id, owner FROM candidates WHERE owner IS NULL OR slot <= @per_user ORDER BY slot, queued, jobid LIMIT @limit
        ), fetched AS (
            UPDATE "{{HangfireStorageExtensions.Schema}}"."jobqueue" q SET fetchedat = NOW()
            FROM picked
            WHERE q.id = picked.id AND (q.fetchedat IS NULL OR q.fetchedat < NOW() - @invisibility)
            RETURNING q.id, q.jobid, q.fetchedat, picked.owner
        ), processing AS (
            INSERT INTO "{{HangfireStorageExtensions.Schema}}"."state" (jobid, name, reason, createdat, data)
            SELECT f.jobid, 'Processing', NULL, NOW(),
                   jsonb_build_object('StartedAt', @started_at, 'ServerId', @server_id, 'WorkerId', gen_random_uuid()::text)
            FROM fetched f JOIN "{{HangfireStorageExtensions.Schema}}"."job" j ON j.id = f.jobid
            WHERE j.statename IN ('Enqueued', 'Processing')
            RETURNING id, jobid
        ), moved AS (
            UPDATE "{{HangfireStorageExtensions.Schema}}"."job" j SET stateid = p.id, statename = 'Processing'
            FROM processing p
            WHERE j.id = p.jobid
            RETURNING j.id, j.invocationdata::text AS invocationdata, j.arguments::text AS arguments, j.createdat
        )
        SELECT f.id, f.jobid, f.fetchedat, f.owner, m.invocationdata, m.arguments, m.createdat,
               (SELECT jsonb_object_agg(p.name, p.value) FROM "{{HangfireStorageExtensions.Schema}}"."jobparameter" p WHERE p.jobid = f.jobid)::text AS parameters
        FROM fetched f LEFT JOIN moved m ON m.id = f.jobid
        """;

    /// <param name="running">This Worker's runs per owner now.</param>
    /// <param name="held">The queue rows this Worker executes now: never fetched again by it, even if a slow heartbeat
    /// let one's invisibility lapse (another Worker may then take it: at least once, as with Hangfire's own fetch).</param>
    /// <param name="serverId">This Worker's Hangfire server, recorded in each Processing state as Hangfire's worker does.</param>
    public async Task<IReadOnlyList<FetchedRun>> FetchAsync(int limit, int perUser, IReadOnlyDictionary<string, int> running,
        IReadOnlyCollection<long> held, string serverId, CancellationToken ct)
    {
        await using var command = database.CreateCommand(Sql);
        command.Parameters.AddWithValue("owners", running.Keys.ToArray());
        command.Parameters.AddWithValue("running", running.Values.ToArray());
        command.Parameters.AddWithValue("queue", Queue);
        command.Parameters.AddWithValue("held", held.ToArray());
        command.Parameters.AddWithValue("invisibility", invisibilityTimeout);
        command.Parameters.AddWithValue("per_user", perUser);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("started_at", JobHelper.SerializeDateTime(DateTime.UtcNow));
        command.Parameters.AddWithValue("server_id", serverId);
        List<FetchedRun> fetched = [];
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var lease = new QueueLease(reader.GetInt64(0), reader.GetInt64(1).ToString(System.Globalization.CultureInfo.InvariantCulture), reader.GetDateTime(2));
            fetched.Add(new FetchedRun(lease, reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? default : reader.GetFieldValue<DateTimeOffset>(6).UtcDateTime,
                reader.IsDBNull(7) ? new Dictionary<string, string?>() : JsonSerializer.Deserialize<Dictionary<string, string?>>(reader.GetString(7))!));
        }

        return fetched;
    }
}
