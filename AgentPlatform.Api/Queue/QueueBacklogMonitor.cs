using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Api.Queue;

/// <summary>
/// Reads the queue backlog every <see cref="QueueBacklogOptions.SampleInterval"/> for the metrics
/// <c>agentplatform.queue.waiting</c> and <c>agentplatform.queue.oldest_wait</c> (a metrics scrape never waits on the
/// database).
/// </summary>
public sealed partial class QueueBacklogMonitor : BackgroundService
{
    private readonly IServiceScopeFactory _scopes;
    private readonly QueueBacklogOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<QueueBacklogMonitor> _logger;
    private QueueBacklog? _last;

    public QueueBacklogMonitor(IServiceScopeFactory scopes, IOptions<QueueBacklogOptions> options, TimeProvider clock,
        IMeterFactory meters, ILogger<QueueBacklogMonitor> logger)
    {
        (_scopes, _options, _clock, _logger) = (scopes, options.Value, clock, logger);
        var meter = meters.Create(ResourceNames.ApiTelemetry);
        meter.CreateObservableGauge("agentplatform.queue.waiting", () => _last?.Waiting ?? 0, "{run}", "Runs waiting for a Worker");
        meter.CreateObservableGauge("agentplatform.queue.oldest_wait", () => _last?.OldestWait(_clock.GetUtcNow()).TotalSeconds ?? 0, "s",
            "How long the oldest waiting run has waited");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.SampleInterval, _clock);
        do
        {
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                _last = await QueueBacklog.ReadAsync(scope.ServiceProvider.GetRequiredService<AgentDbContext>(), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Kept from the last sample; the next tick tries again (a database outage shows in /health).
                LogSampleFailed(_logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the queue backlog failed")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception);
}
