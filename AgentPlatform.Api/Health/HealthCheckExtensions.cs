namespace AgentPlatform.Api.Health;

public static class HealthCheckExtensions
{
    /// <summary>/health on top of the defaults (database and Redis come with their Aspire clients).</summary>
    public static IHostApplicationBuilder AddApiHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<MigrationsHealthCheck>("migrations")
            .AddCheck<HangfireServersHealthCheck>("hangfire")
            .AddCheck<ToolCircuitsHealthCheck>("tool-circuits");
        return builder;
    }
}
