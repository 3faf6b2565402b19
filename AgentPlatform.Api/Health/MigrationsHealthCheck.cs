using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentPlatform.Api.Health;

/// <summary>Every EF Core migration has been applied to the database.</summary>
public sealed class MigrationsHealthCheck(DbContextOptions<AgentDbContext> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = new AgentDbContext(options);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0
            ? HealthCheckResult.Healthy("The schema is up to date.")
            : HealthCheckResult.Unhealthy($"Migrations not applied: {string.Join(", ", pending)}");
    }
}
