using AgentPlatform.Core.Jobs;
using AgentPlatform.Worker.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AgentPlatform.Tests.Jobs;

/// <summary>
/// The run host's leases on Hangfire's queue rows: renewed together, released only while still this Worker's, and left
/// alone once another Worker fetched the row after the lease lapsed.
/// </summary>
public sealed class QueueRowsTests(LocalInfrastructure infrastructure) : IAsyncLifetime
{
    private static readonly TimeSpan Invisibility = TimeSpan.FromSeconds(30);
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ScratchDatabase _database = new(infrastructure, "queuerows");
    private NpgsqlDataSource _source = null!;
    private QueueRows _rows = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.MigrateAsync(_ct);
        HangfireStorageExtensions.InstallSchema(_database.ConnectionString);
        _source = NpgsqlDataSource.Create(_database.ConnectionString);
        _rows = new QueueRows(_source, Invisibility, new LoggerFactory([_logs]).CreateLogger<QueueRows>());
    }

    public async ValueTask DisposeAsync()
    {
        await _source.DisposeAsync();
        _logs.Dispose();
    }

    [Fact]
    public async Task Renewing_moves_every_held_row_s_fetchedat_forward_and_skips_released_leases()
    {
        var first = await FetchedAsync(TimeSpan.FromSeconds(-10));
        var second = await FetchedAsync(TimeSpan.FromSeconds(-10));
        var released = await FetchedAsync(TimeSpan.FromSeconds(-10));
        released.Release();

        Assert.Equal(2, await _rows.RenewAsync([first, second, released], _ct));

        Assert.Equal(first.FetchedAt, await FetchedAtAsync(first));
        Assert.True(first.FetchedAt > DateTime.UtcNow.AddSeconds(-5), $"renewed to {first.FetchedAt:O}");
        Assert.True(await FetchedAtAsync(released) < DateTime.UtcNow.AddSeconds(-5));
        Assert.Equal(0, await _rows.RenewAsync([released], _ct));
        Assert.Equal(TimeSpan.FromSeconds(6), _rows.RenewInterval);
    }

    [Fact]
    public async Task A_row_still_held_is_removed_or_requeued_and_the_lease_is_released()
    {
        var removed = await FetchedAsync(TimeSpan.Zero);
        var requeued = await FetchedAsync(TimeSpan.Zero);

        await _rows.RemoveAsync(removed, _ct);
        await _rows.RequeueAsync(requeued, _ct);

        Assert.False(await ExistsAsync(removed));
        Assert.True(await ExistsAsync(requeued));
        Assert.Null(await FetchedAtAsync(requeued));
        Assert.True(removed.Released && requeued.Released);
    }

    [Fact]
    public async Task A_row_another_Worker_fetched_after_the_lease_lapsed_is_neither_renewed_nor_removed_nor_requeued()
    {
        var lapsed = await FetchedAsync(TimeSpan.Zero);
        // Another Worker fetches the row once fetchedat is older than the invisibility: its own NOW() is later than that.
        var theirs = lapsed.FetchedAt + Invisibility + TimeSpan.FromSeconds(1);
        await ExecuteAsync("UPDATE hangfire.jobqueue SET fetchedat = @at WHERE id = @id", ("at", theirs), ("id", lapsed.Row));

        Assert.Equal(0, await _rows.RenewAsync([lapsed], _ct));
        Assert.Contains(_logs.Lines, l => l.Contains($"Job {lapsed.JobId} was fetched by another Worker", StringComparison.Ordinal));
        Assert.True(lapsed.Released);
        Assert.Equal(0, await _rows.RenewAsync([lapsed], _ct));
        Assert.Single(_logs.Lines, l => l.Contains($"Job {lapsed.JobId} was fetched by another Worker", StringComparison.Ordinal));
        await _rows.RemoveAsync(lapsed, _ct);
        Assert.Equal(theirs, await FetchedAtAsync(lapsed));

        var again = await FetchedAsync(TimeSpan.Zero);
        await ExecuteAsync("UPDATE hangfire.jobqueue SET fetchedat = @at WHERE id = @id", ("at", theirs), ("id", again.Row));
        await _rows.RequeueAsync(again, _ct);
        Assert.Equal(theirs, await FetchedAtAsync(again));
    }

    [Fact]
    public void A_lease_s_fetchedat_only_moves_forward()
    {
        var at = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
        var lease = new QueueLease(1, "7", at);

        lease.Renewed(at.AddSeconds(-1));
        Assert.Equal(at, lease.FetchedAt);
        lease.Renewed(at.AddSeconds(1));
        Assert.Equal(at.AddSeconds(1), lease.FetchedAt);
        Assert.False(lease.Released);
    }

    /// <summary>A job and its queue row, fetched <paramref name="ago"/> from now (the database's clock).</summary>
    private async Task<QueueLease> FetchedAsync(TimeSpan ago)
    {
        await using var command = _source.CreateCommand("""
            WITH job AS (
                INSERT INTO hangfire.job (invocationdata, arguments, createdat) VALUES ('{}', '[]', NOW()) RETURNING id
            )
            INSERT INTO hangfire.jobqueue (jobid, queue, fetchedat) SELECT id, 'default', NOW() + @ago FROM job RETURNING id, jobid, fetchedat
            """);
        command.Parameters.AddWithValue("ago", ago);
        await using var reader = await command.ExecuteReaderAsync(_ct);
        await reader.ReadAsync(_ct);
        return new QueueLease(reader.GetInt64(0), reader.GetInt64(1).ToString(System.Globalization.CultureInfo.InvariantCulture), reader.GetDateTime(2));
    }

    private async Task<DateTime?> FetchedAtAsync(QueueLease lease)
    {
        await using var command = _source.CreateCommand("SELECT fetchedat FROM hangfire.jobqueue WHERE id = @id");
        command.Parameters.AddWithValue("id", lease.Row);
        return await command.ExecuteScalarAsync(_ct) is DateTime at ? at : null;
    }

    private async Task<bool> ExistsAsync(QueueLease lease)
    {
        await using var command = _source.CreateCommand("SELECT count(*) FROM hangfire.jobqueue WHERE id = @id");
        command.Parameters.AddWithValue("id", lease.Row);
        return (long)(await command.ExecuteScalarAsync(_ct))! == 1;
    }

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = _source.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(_ct);
    }
}
