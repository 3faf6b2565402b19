using AgentPlatform.Core.Jobs;
using Hangfire.Common;
using Npgsql;

namespace AgentPlatform.Worker.Jobs;

/// <summary>
/// Moves a job that ran to the end from Processing to Succeeded in one asynchronous statement, as Hangfire's state
/// changer would: the Succeeded state row with its fields, the job's <c>stateid</c>/<c>statename</c> and expiry, and
/// the dashboard's counters (the total, and the day's and the hour's of Hangfire's statistics history).
/// </summary>
/// <remarks>
/// Written by hand, as the fetch is (<see cref="FairJobFetcher"/>), because Hangfire's state changer is synchronous and
/// takes a distributed lock: about six round trips on a dedicated thread for every run that ends, a sixth of the
/// Worker's CPU in the capacity benchmark's profile. Succeeded has no state handler of its own in Hangfire but the
/// counter, and of its global filters only the statistics history acts on it (continuations are not used here);
/// failures still go through Hangfire's state changer, whose retry filter decides them. Only a job still Processing
/// moves (a job deleted meanwhile stays deleted), as the state changer's expected state requires. The same statement
/// takes the job's row off the queue if it is still this Worker's (<see cref="QueueRows.StillHeld"/>), which
/// Hangfire does next in a statement of its own.
/// </remarks>
public sealed class JobCompletion(NpgsqlDataSource database, QueueRows rows)
{
    /// <summary>How long a succeeded job stays for the dashboard: Hangfire's default job expiration.</summary>
    public static readonly TimeSpan Expiration = TimeSpan.FromDays(1);

    private static readonly string Sql = $$"""
        WITH succeeded AS (
            INSERT INTO "{{HangfireStorageExtensions.Schema}}"."state" (jobid, name, reason, createdat, data)
            SELECT j.id, 'Succeeded', NULL, NOW(), @data::jsonb
            FROM "{{HangfireStorageExtensions.Schema}}"."job" j
            WHERE j.id = @job AND j.statename = 'Processing'
            RETURNING id, jobid
        ), moved AS (
            UPDATE "{{HangfireStorageExtensions.Schema}}"."job" j SET stateid = s.id, statename = 'Succeeded', expireat = NOW() + @expiration
            FROM succeeded s
            WHERE j.id = s.jobid
            RETURNING j.id
        ), counted AS (
            INSERT INTO "{{HangfireStorageExtensions.Schema}}"."counter" (key, value, expireat)
            SELECT c.key, 1, c.expireat
            FROM moved, (VALUES ('stats:succeeded', NULL::timestamptz),
                                (@day_key, NOW() + interval '30 days'),
                                (@hour_key, NOW() + interval '1 day')) AS c(key, expireat)
        ), removed AS (
            DELETE FROM "{{HangfireStorageExtensions.Schema}}"."jobqueue" WHERE id = @row AND {{QueueRows.StillHeld}}
        )
        SELECT count(*) FROM moved
        """;

    /// <returns>Whether the job moved (false when it was no longer Processing).</returns>
    public async Task<bool> SucceedAsync(QueueLease lease, long latencyMs, long durationMs, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var data = new Dictionary<string, string>
        {
            ["SucceededAt"] = JobHelper.SerializeDateTime(now),
            ["PerformanceDuration"] = durationMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Latency"] = latencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        await using var command = database.CreateCommand(Sql);
        command.Parameters.AddWithValue("job", long.Parse(lease.JobId, System.Globalization.CultureInfo.InvariantCulture));
        rows.AddLeaseParameters(command, lease);
        command.Parameters.AddWithValue("data", System.Text.Json.JsonSerializer.Serialize(data));
        command.Parameters.AddWithValue("expiration", Expiration);
        // Hangfire's StatisticsHistoryAttribute keys (dashboard history graphs).
        command.Parameters.AddWithValue("day_key", $"stats:succeeded:{now:yyyy-MM-dd}");
        command.Parameters.AddWithValue("hour_key", $"stats:succeeded:{now:yyyy-MM-dd-HH}");
        var moved = (long)(await command.ExecuteScalarAsync(ct))! > 0;
        lease.Release();
        return moved;
    }
}
