using Microsoft.Extensions.Options;

namespace AgentPlatform.Api.Streams;

/// <summary>
/// Opens event subscriptions for the three transports: one algorithm (join the live events first, replay the log,
/// then live with gaps filled from the log) so SSE, WebSocket and SignalR deliver exactly the same events.
/// </summary>
public sealed class EventStreamSource(
    ILiveEventFeed live,
    IStreamEventLog log,
    IOptions<StreamOptions> options,
    IHostApplicationLifetime lifetime,
    StreamMetrics metrics,
    TimeProvider clock,
    ILogger<EventStreamSource> logger)
{
    /// <summary>
    /// Checks that the session is the owner's and starts delivering. The caller disposes the subscription.
    /// </summary>
    /// <param name="request">Which session, for whom, after which seq.</param>
    /// <param name="abort">Aborts the subscriber's connection when an ended stream is not closed in time.</param>
    /// <param name="cancellationToken">Ends the subscription (the subscriber left).</param>
    /// <returns>The subscription, or null when the session does not exist for this owner.</returns>
    public async Task<EventSubscription?> OpenAsync(StreamRequest request, Action abort, CancellationToken cancellationToken)
    {
        if (!await log.SessionExistsAsync(request, cancellationToken))
        {
            return null;
        }

        var subscription = new EventSubscription(live, log, metrics, request, options.Value, abort, clock, logger);
        var started = false;
        try
        {
            await subscription.StartAsync(lifetime.ApplicationStopping, cancellationToken);
            started = true;
            return subscription;
        }
        finally
        {
            if (!started)
            {
                await subscription.DisposeAsync();
            }
        }
    }
}
