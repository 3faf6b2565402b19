using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentPlatform.Api.Health;

/// <summary>Hangfire's storage answers, and at least one Worker's server is alive (else runs would queue forever).</summary>
public sealed class HangfireServersHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var monitoring = storage.GetMonitoringApi();
        var servers = monitoring.Servers().Count;
        var data = new Dictionary<string, object> { ["servers"] = servers, ["enqueued"] = monitoring.EnqueuedCount("default") };
        return Task.FromResult(servers > 0
            ? HealthCheckResult.Healthy($"{servers} Hangfire server(s) alive", data)
            : HealthCheckResult.Degraded("No Worker is processing jobs: runs stay queued until one starts.", data: data));
    }
}
