using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Webhooks;

/// <summary>
/// Every <see cref="WebhookOptions.SweepInterval"/>, enqueues deliveries saved without a job: a run ended and its
/// outbox row committed, but the Worker died (or Hangfire's storage failed) before enqueueing, or the run ended on the
/// Api (a queued run stopped by its user).
/// </summary>
public sealed partial class WebhookSweeper(
    IServiceScopeFactory scopes, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                // A delivery younger than one interval is left to the Worker that just saved it.
                var before = clock.GetUtcNow() - options.Value.SweepInterval;
                var enqueued = await scope.ServiceProvider.GetRequiredService<WebhookDispatcher>().DispatchAsync(null, before, stoppingToken);
                if (enqueued > 0)
                {
                    LogRecovered(logger, enqueued);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Enqueued {Count} webhook deliveries that had no job")]
    private static partial void LogRecovered(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The webhook sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
