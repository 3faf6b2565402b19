using Microsoft.Extensions.Options;

namespace AgentPlatform.Api.Streams;

/// <summary>
/// Opens event subscriptions for the three transports: one algorithm (join the live events first, replay the log,
/// then live with gaps filled from the log) so SSE, WebSocket and SignalR deliver exactly the same events.
/// </summary>
public sealed class EventStreamSource(
    EventFanout fanout,
    IServiceScopeFactory scopes,
    IOptions<StreamOptions> options,
    IHostApplicationLifetime lifetime,
    StreamMetrics metrics,
    TimeProvider clock,
    ILogger<EventStreamSource> logger)
{
    internal StreamMetrics Metrics => metrics;

    /// <summary>
    /// Checks that the session is the owner's and starts delivering. The caller disposes the subscription.
    /// </summary>
    /// <param name="request">Which session, for whom, after which seq.</param>
    /// <param name="abort">Aborts the subscriber's connection when an ended stream is not closed in time.</param>
    /// <param name="cancellationToken">Ends the subscription (the subscriber left).</param>
    /// <returns>The subscription, or null when the session does not exist for this owner.</returns>
    public async Task<EventSubscription?> OpenAsync(StreamRequest request, Action abort, CancellationToken cancellationToken)
    {
        await using (var db = CreateContext(request.OwnerId, out var scope))
        await using (scope)
        {
            if (!await db.Sessions.AnyAsync(s => s.Id == request.SessionId, cancellationToken))
            {
                return null;
            }
        }

        var subscription = new EventSubscription(this, request, options.Value, abort, clock, logger);
        var started = false;
        try
        {
            await subscription.StartAsync(fanout, lifetime.ApplicationStopping, cancellationToken);
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

    /// <summary>Durable events after <paramref name="afterSeq"/> in seq order, read as the owner sees them.</summary>
    internal async Task<IReadOnlyList<SessionEvent>> ReadAsync(StreamRequest request, long afterSeq, int take, CancellationToken cancellationToken)
    {
        await using var db = CreateContext(request.OwnerId, out var scope);
        await using (scope)
        {
            return await db.Events.AsNoTracking()
                .Where(e => e.SessionId == request.SessionId && e.Seq > afterSeq)
                .OrderBy(e => e.Seq).Take(take).ToListAsync(cancellationToken);
        }
    }

    /// <summary>A short-lived, owner-filtered context: a stream outlives the request scope that opened it.</summary>
    private AgentDbContext CreateContext(string ownerId, out AsyncServiceScope scope)
    {
        scope = scopes.CreateAsyncScope();
        return new AgentDbContext(scope.ServiceProvider.GetRequiredService<DbContextOptions<AgentDbContext>>(), new StreamOwner(ownerId));
    }
}
