using AgentPlatform.Core.Jobs;
using Npgsql;

namespace AgentPlatform.Worker.Jobs;

/// <summary>
/// Renews, removes and requeues this Worker's rows of Hangfire's <c>jobqueue</c> (<see cref="QueueLease"/>) as
/// Hangfire.PostgreSql's fetched job does, but asynchronously and, for the sliding invisibility, for every held row
/// in one statement: Hangfire's keeps each job alive with a synchronous statement of its own from a storage-wide
/// thread and removes it with another, each waiting on a pooled connection (a quarter of the Worker's CPU in the
/// capacity benchmark's profile, most of it spinning for a connection, at 500 runs).
/// </summary>
/// <remarks>
/// A row is still this Worker's while its <c>fetchedat</c> is earlier than the last one it was given plus the
/// invisibility timeout: another Worker can take a row only once <c>fetchedat</c> is older than the timeout, and then
/// sets it to its own later NOW(), while this Worker's own renewals (even one still on its way back) keep it within
/// the timeout. Hangfire compares <c>fetchedat</c> for equality instead, which needs a lock around each job to keep a
/// renewal and a removal apart; this needs none.
/// </remarks>
public sealed partial class QueueRows(NpgsqlDataSource database, TimeSpan invisibilityTimeout, ILogger<QueueRows> logger)
{
    private const string Table = $"""
        "{HangfireStorageExtensions.Schema}"."jobqueue"
        """;

    private static readonly string RenewSql = $"""
        UPDATE {Table} q SET fetchedat = NOW()
        FROM unnest(@rows::bigint[], @known::timestamptz[]) AS l(row_id, known)
        WHERE q.id = l.row_id AND q.fetchedat < l.known + @invisibility
        RETURNING q.id, q.fetchedat
        """;

    private static readonly string RemoveSql = $"DELETE FROM {Table} WHERE id = @row AND {StillHeld}";

    private static readonly string RequeueSql = $"UPDATE {Table} SET fetchedat = NULL WHERE id = @row AND {StillHeld}";

    /// <summary>Whether row <c>@row</c> is still the lease's (see the remarks), for statements that release it.</summary>
    public const string StillHeld = "fetchedat < @known + @invisibility";

    /// <summary>How often held rows are renewed: a fifth of the timeout, as Hangfire's storage does.</summary>
    public TimeSpan RenewInterval => invisibilityTimeout / 5;

    /// <summary>Renews every lease still held; a lease whose row another Worker took meanwhile is logged and left.</summary>
    /// <returns>How many rows were renewed.</returns>
    public async Task<int> RenewAsync(IReadOnlyCollection<QueueLease> leases, CancellationToken ct)
    {
        var held = leases.Where(l => !l.Released).ToDictionary(l => l.Row);
        if (held.Count == 0)
        {
            return 0;
        }

        await using var command = database.CreateCommand(RenewSql);
        command.Parameters.AddWithValue("rows", held.Keys.ToArray());
        command.Parameters.AddWithValue("known", held.Values.Select(l => l.FetchedAt).ToArray());
        command.Parameters.AddWithValue("invisibility", invisibilityTimeout);
        var renewed = 0;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                held.Remove(reader.GetInt64(0), out var lease);
                lease!.Renewed(reader.GetDateTime(1));
                renewed++;
            }
        }

        foreach (var lost in held.Values.Where(l => !l.Released))
        {
            // Hangfire's fetched job logs the same and goes on: the run is idempotent, and another Worker now holds it.
            // Released: not renewed (nor logged) again.
            LogLost(logger, lost.JobId);
            lost.Release();
        }

        return renewed;
    }

    /// <summary>Takes the row off the queue (the job has reached a final state).</summary>
    public Task RemoveAsync(QueueLease lease, CancellationToken ct) => ReleaseAsync(RemoveSql, lease, ct);

    /// <summary>Hands the row back to the queue at once, for any Worker to fetch.</summary>
    public Task RequeueAsync(QueueLease lease, CancellationToken ct) => ReleaseAsync(RequeueSql, lease, ct);

    /// <summary>Adds <c>@row</c>, <c>@known</c> and <c>@invisibility</c>, the parameters of <see cref="StillHeld"/>.</summary>
    public void AddLeaseParameters(NpgsqlCommand command, QueueLease lease)
    {
        command.Parameters.AddWithValue("row", lease.Row);
        command.Parameters.AddWithValue("known", lease.FetchedAt);
        command.Parameters.AddWithValue("invisibility", invisibilityTimeout);
    }

    private async Task ReleaseAsync(string sql, QueueLease lease, CancellationToken ct)
    {
        await using var command = database.CreateCommand(sql);
        AddLeaseParameters(command, lease);
        await command.ExecuteNonQueryAsync(ct);
        lease.Release();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} was fetched by another Worker after its invisibility lapsed; its keep-alive stops here")]
    private static partial void LogLost(ILogger logger, string jobId);
}
