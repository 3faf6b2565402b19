using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Api.Queue;

/// <summary>Degraded while the oldest waiting run has waited longer than <c>Queue:MaxWait</c>: every Worker is full.</summary>
public sealed class QueueBacklogHealthCheck(IServiceScopeFactory scopes, IOptions<QueueBacklogOptions> options, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var backlog = await QueueBacklog.ReadAsync(scope.ServiceProvider.GetRequiredService<AgentDbContext>(), cancellationToken);
        var oldest = backlog.OldestWait(clock.GetUtcNow());
        var data = new Dictionary<string, object> { ["waiting"] = backlog.Waiting, ["oldestWaitSeconds"] = Math.Round(oldest.TotalSeconds, 1) };
        return oldest > options.Value.MaxWait
            ? HealthCheckResult.Degraded(
                $"{backlog.Waiting} run(s) waiting; the oldest for {oldest.TotalSeconds:F0} s, more than {options.Value.MaxWait.TotalSeconds:F0} s: the Workers are full.", data: data)
            : HealthCheckResult.Healthy($"{backlog.Waiting} run(s) waiting", data);
    }
}
