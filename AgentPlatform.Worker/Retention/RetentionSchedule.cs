using Hangfire;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Retention;

/// <summary>Registers the recurring job when retention is on, and removes it when it is off (so turning it off sticks).</summary>
public sealed class RetentionSchedule(IRecurringJobManager recurring, IOptions<RetentionOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            recurring.AddOrUpdate<RetentionJob>(RetentionJob.RecurringJobId, j => j.PruneAsync(CancellationToken.None), options.Value.Schedule);
        }
        else
        {
            recurring.RemoveIfExists(RetentionJob.RecurringJobId);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
