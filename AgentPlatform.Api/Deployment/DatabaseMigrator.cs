using AgentPlatform.Core.Jobs;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AgentPlatform.Api.Deployment;

/// <summary>
/// Brings the database to the current schema: creates it when missing, installs Hangfire's schema, applies the EF Core
/// migrations. Safe from several places at once (Api replicas starting together, a migration Job next to an init
/// container): a PostgreSQL advisory lock lets one create the database (taken in the server's maintenance database,
/// as the target may not exist yet) and one migrate at a time (in the target database); the others then find nothing
/// to do. Without them, two replicas both ran CREATE DATABASE and the same ALTER TABLE, and one failed to start.
/// </summary>
internal sealed partial class DatabaseMigrator(IServiceScopeFactory scopes, ILogger<DatabaseMigrator> logger)
{
    /// <summary>Any constant shared by every replica; advisory locks are scoped to the database they are taken in.</summary>
    private const long LockKey = 0x4167_656E_7444_4201; // "AgentDB" + 1

    private const string MaintenanceDatabase = "postgres";

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        // Not the request-scoped context: no caller owns a migration.
        await using var db = new AgentDbContext(scope.ServiceProvider.GetRequiredService<DbContextOptions<AgentDbContext>>());
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            await CreateDatabaseOnceAsync(db, creator, cancellationToken);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({LockKey})", cancellationToken);
            // Hangfire's schema first: a Worker waits for the EF migrations only (MigrationsGate), so once those are
            // applied the job storage is there too.
            HangfireStorageExtensions.InstallSchema(db.Database.GetConnectionString()!);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await db.Database.MigrateAsync(cancellationToken);
            LogMigrated(logger, pending.Count);
        }
        finally
        {
            // Also released when the session ends; the connection goes back to the pool, so release it now.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task CreateDatabaseOnceAsync(AgentDbContext db, IRelationalDatabaseCreator creator, CancellationToken ct)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Database = MaintenanceDatabase, Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection) { Parameters = { new() { Value = LockKey } } };
        await command.ExecuteNonQueryAsync(ct);
        // Closing this unpooled connection ends the session and releases the lock.
        if (!await creator.ExistsAsync(ct))
        {
            await creator.CreateAsync(ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is up to date ({Applied} migrations applied now)")]
    private static partial void LogMigrated(ILogger logger, int applied);
}
