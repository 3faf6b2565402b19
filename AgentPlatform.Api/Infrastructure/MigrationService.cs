
namespace AgentPlatform.Api.Infrastructure;

/// <summary>
/// Migrates before the web server starts (<c>Database:MigrateOnStart</c>, on by default, off in Production where the
/// <c>migrate</c> command runs as a step of its own), so the Api reports healthy only on an up-to-date schema.
/// </summary>
internal sealed class MigrationService(DatabaseMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
