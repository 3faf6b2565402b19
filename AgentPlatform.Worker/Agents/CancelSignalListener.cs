using AgentPlatform.Core.Jobs;
using StackExchange.Redis;

namespace AgentPlatform.Worker.Agents;

/// <summary>
/// Listens on Redis for the Api's stop signals and cancels the run if this Worker holds it. The job also watches the
/// database, so a signal lost while Redis restarts still stops the run, only later.
/// </summary>
public sealed partial class CancelSignalListener(IConnectionMultiplexer redis, RunCancellations runs, ILogger<CancelSignalListener> logger)
    : IHostedService
{
    private readonly RedisChannel _channel = RedisChannel.Literal(RunSignals.CancelChannel);

    public Task StartAsync(CancellationToken cancellationToken) =>
        redis.GetSubscriber().SubscribeAsync(_channel, (_, message) =>
        {
            if (Guid.TryParse(message.ToString(), out var runId) && runs.Cancel(runId))
            {
                LogCancelled(logger, runId);
            }
        });

    public Task StopAsync(CancellationToken cancellationToken) => redis.GetSubscriber().UnsubscribeAsync(_channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stop signal received for run {RunId}; cancelling it")]
    private static partial void LogCancelled(ILogger logger, Guid runId);
}
