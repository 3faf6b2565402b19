using System.Text.Json;
using AgentPlatform.Core.Events;
using StackExchange.Redis;

namespace AgentPlatform.Api.Streams;

/// <summary>
/// This process's one Redis subscription to every event channel (<see cref="EventChannels.All"/>), made once and kept,
/// fanned out to the local subscriptions of each session (and broadcasts to all of them). Subscribing and unsubscribing
/// a Redis channel per subscriber would race in the client library when one subscriber leaves a channel as another
/// joins it, leaving the newcomer deaf. Messages are handled in arrival order and parsed once, whatever the number
/// of local subscribers; a replica does receive every session's events, which is fine at this platform's event rates.
/// </summary>
public sealed class EventFanout(IConnectionMultiplexer redis, ILogger<EventFanout> logger) : ILiveEventFeed, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private readonly Dictionary<Guid, EventSubscription[]> _bySession = [];
    private EventSubscription[] _all = [];
    private ChannelMessageQueue? _queue;

    /// <summary>Starts delivering the session's live events (and broadcasts) to the subscription.</summary>
    /// <remarks>When this returns, the Redis subscription is confirmed: an event published from now on reaches it.</remarks>
    public async Task AddAsync(EventSubscription subscription)
    {
        await EnsureSubscribedAsync();
        lock (_gate)
        {
            _bySession[subscription.SessionId] = [.. _bySession.GetValueOrDefault(subscription.SessionId, []), subscription];
            _all = [.. _all, subscription];
        }
    }

    public void Remove(EventSubscription subscription)
    {
        lock (_gate)
        {
            if (_bySession.TryGetValue(subscription.SessionId, out var local))
            {
                var rest = local.Where(s => s != subscription).ToArray();
                if (rest.Length == 0)
                {
                    _bySession.Remove(subscription.SessionId);
                }
                else
                {
                    _bySession[subscription.SessionId] = rest;
                }
            }

            _all = _all.Where(s => s != subscription).ToArray();
        }
    }

    /// <summary>The sessions that have subscriptions in this process, each with its subscriptions (a snapshot).</summary>
    public IReadOnlyDictionary<Guid, EventSubscription[]> SubscriptionsBySession()
    {
        lock (_gate)
        {
            return new Dictionary<Guid, EventSubscription[]>(_bySession);
        }
    }

    private async Task EnsureSubscribedAsync()
    {
        if (Volatile.Read(ref _queue) is not null)
        {
            return;
        }

        await _subscribing.WaitAsync();
        try
        {
            if (_queue is null)
            {
                var queue = await redis.GetSubscriber().SubscribeAsync(EventChannels.All);
                queue.OnMessage(Dispatch);
                Volatile.Write(ref _queue, queue);
            }
        }
        finally
        {
            _subscribing.Release();
        }
    }

    private void Dispatch(ChannelMessage message)
    {
        var channel = message.Channel.ToString();
        EventSubscription[] targets;
        lock (_gate)
        {
            targets = EventChannels.TryGetSession(channel, out var sessionId)
                ? _bySession.GetValueOrDefault(sessionId, [])
                : channel == EventChannels.Broadcast.ToString() ? _all : [];
        }

        if (targets.Length == 0)
        {
            return;
        }

        EventEnvelope evt;
        try
        {
            evt = EventEnvelope.FromJson(message.Message.ToString());
        }
        catch (JsonException ex)
        {
            StreamsLog.MalformedMessage(logger, channel, ex);
            return;
        }

        foreach (var target in targets)
        {
            target.Offer(evt);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_queue is { } queue)
        {
            try
            {
                await queue.UnsubscribeAsync();
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
            {
                StreamsLog.UnsubscribeFailed(logger, queue.Channel.ToString(), ex);
            }
        }

        _subscribing.Dispose();
    }
}
