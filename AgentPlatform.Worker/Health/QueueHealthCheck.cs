using AgentPlatform.Worker.Jobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentPlatform.Worker.Health;

/// <summary>Degraded while an operator has paused this Worker's queue processing.</summary>
public sealed class QueueHealthCheck(JobServerControl queue) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(queue.Paused
            ? HealthCheckResult.Degraded("Queue processing is paused; resume it from the Aspire dashboard.")
            : HealthCheckResult.Healthy($"Executing {queue.Host.Active} of at most {queue.WorkerCount} runs."));
}
