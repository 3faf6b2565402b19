using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace AgentPlatform.Api.Health;

/// <summary>
/// Degraded while any tool's circuit is not closed on any live Worker (the agents route around it, but an operator should
/// know).
/// </summary>
public sealed class ToolCircuitsHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var tools = await ToolStateReader.ReadAsync(redis);
        var open = tools.Where(t => t.Circuit != Core.Tools.CircuitState.Closed).Select(t => $"{t.Name} ({JsonDefaults.Wire(t.Circuit)})").ToList();
        return open.Count == 0
            ? HealthCheckResult.Healthy($"{tools.Count} tool circuit(s) closed")
            : HealthCheckResult.Degraded($"Tool circuits not closed: {string.Join(", ", open)}");
    }
}
