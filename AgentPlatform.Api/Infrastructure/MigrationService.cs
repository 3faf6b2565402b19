namespace AgentPlatform.Api.Infrastructure;

/// <summary>
/// Applies the EF Core migrations (creating the database when missing) before the web server starts, so the Api
/// reports healthy only on an up-to-date schema.
/// </summary>
internal sealed partial class MigrationService(IServiceScopeFactory scopes, ILogger<MigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        // Not the request-scoped context: no caller owns a migration.
        await using var db = new AgentDbContext(scope.ServiceProvider.GetRequiredService<DbContextOptions<AgentDbContext>>());
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger, pending.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is up to date ({Applied} migrations applied now)")]
    private static partial void LogMigrated(ILogger logger, int applied);
}
