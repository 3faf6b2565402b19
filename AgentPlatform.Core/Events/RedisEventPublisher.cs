using AgentPlatform.Core.Persistence;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AgentPlatform.Core.Events;

/// <summary>
/// Publishes events as JSON on their Redis channel; a Redis failure is logged, never thrown. As an
/// <see cref="ISavedEventsObserver"/> it publishes what every save committed, without making the save wait.
/// </summary>
public sealed class RedisEventPublisher(IConnectionMultiplexer redis, ILogger<RedisEventPublisher> logger, TimeProvider? clock = null)
    : IEventPublisher, ISavedEventsObserver
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <remarks>The publishes are issued here, in seq order, and complete in the background; failures are logged.</remarks>
    public void OnSaved(IReadOnlyList<SavedEvent> events) => _ = PublishAsync(events.Select(e => e.Event).ToList());

    public async Task PublishAsync(IReadOnlyList<SessionEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        try
        {
            // Sent together on one connection, so Redis receives them in this order.
            var subscriber = redis.GetSubscriber();
            await Task.WhenAll(events.Select(e => subscriber.PublishAsync(EventChannels.Session(e.SessionId), EventEnvelope.From(e).ToJson())));
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            EventsLog.DurablePublishFailed(logger, events[0].SessionId, events[0].Seq, events[^1].Seq, ex);
        }
    }

    public Task PublishEphemeralAsync(Guid sessionId, Guid? runId, IEventData data) =>
        SendAsync(EventChannels.Session(sessionId), EventEnvelope.Ephemeral(sessionId, runId, data, _clock.GetUtcNow()));

    public Task BroadcastAsync(IEventData data) =>
        SendAsync(EventChannels.Broadcast, EventEnvelope.Ephemeral(null, null, data, _clock.GetUtcNow()));

    private async Task SendAsync(RedisChannel channel, EventEnvelope evt)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(channel, evt.ToJson());
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            EventsLog.LivePublishFailed(logger, evt.Type, channel.ToString(), ex);
        }
    }

    private static bool IsRedisFailure(Exception ex) => ex is RedisException or TimeoutException or ObjectDisposedException;
}
