using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Tools.Mcp;

public static class McpServiceExtensions
{
    /// <summary>
    /// The MCP servers of <c>Mcp:Servers</c> (validated at start), their connections (a hosted service, started before
    /// the job server so the first jobs see their tools) and the <c>mcp</c> health check.
    /// </summary>
    public static IServiceCollection AddMcpTools(this IServiceCollection services)
    {
        services.AddOptions<McpOptions>().BindConfiguration(McpOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<McpOptions>, McpOptionsValidator>();
        services.AddSingleton<McpServers>();
        // Ahead of the job server (registered earlier, by AddWorkerServices): a job must not start before the tools are listed.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<McpServers>()));
        services.AddHealthChecks().AddCheck<McpHealthCheck>("mcp", Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded);
        return services;
    }
}
