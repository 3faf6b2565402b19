using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentPlatform.Worker.Tools.Mcp;

/// <summary>Degraded while an enabled MCP server is unreachable: the Worker runs, without that server's tools.</summary>
internal sealed class McpHealthCheck(McpServers servers) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var down = servers.Connections.Where(c => !c.IsConnected).Select(c => c.Name).ToList();
        return Task.FromResult(down.Count == 0
            ? HealthCheckResult.Healthy($"{servers.Connections.Count} MCP servers connected.")
            : HealthCheckResult.Degraded($"MCP servers unreachable, their tools withheld: {string.Join(", ", down)}."));
    }
}
