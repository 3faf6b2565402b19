using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace AgentPlatform.Api.Streams;

/// <summary>
/// The hub's running subscriptions, one per connection and session, each forwarding its <see cref="EventSubscription"/>
/// to the connection. Sends wait for the connection (SignalR's buffers are bounded), so a client that stops reading
/// fills its subscription and is ended as too slow like any other.
/// </summary>
public sealed class HubSubscriptions(EventStreamSource source, IHubContext<SessionsHub, ISessionsClient> hub)
{
    private readonly ConcurrentDictionary<(string ConnectionId, Guid SessionId), Forwarding> _active = new();

    public async Task SubscribeAsync(HubCallerContext context, Guid sessionId, long afterSeq)
    {
        if (afterSeq < 0)
        {
            throw new HubException("afterSeq must be 0 or more.");
        }

        var owner = context.User?.FindFirst("sub")?.Value ?? throw new HubException("The caller has no user id.");
        var subscription = await source.OpenAsync(new StreamRequest(sessionId, owner, afterSeq), context.Abort, context.ConnectionAborted)
            ?? throw new HubException($"Session {sessionId} was not found.");
        var key = (context.ConnectionId, sessionId);
        if (_active.TryRemove(key, out var previous))
        {
            await previous.StopAsync();
        }

        var forwarding = new Forwarding(subscription);
        _active[key] = forwarding;
        forwarding.Start(() => ForwardAsync(key, forwarding));
    }

    public async Task UnsubscribeAsync(string connectionId, Guid sessionId)
    {
        if (_active.TryRemove((connectionId, sessionId), out var forwarding))
        {
            await forwarding.StopAsync();
        }
    }

    public async Task RemoveConnectionAsync(string connectionId)
    {
        foreach (var key in _active.Keys.Where(k => k.ConnectionId == connectionId).ToList())
        {
            await UnsubscribeAsync(key.ConnectionId, key.SessionId);
        }
    }

    private async Task ForwardAsync((string ConnectionId, Guid SessionId) key, Forwarding forwarding)
    {
        var client = hub.Clients.Client(key.ConnectionId);
        var subscription = forwarding.Subscription;
        try
        {
            await foreach (var evt in subscription.Events.ReadAllAsync())
            {
                await client.Event(evt);
            }

            if (subscription.End is { } end)
            {
                await client.StreamEnded(end);
                // Ended by the server: forget it (unless a new Subscribe already replaced it) and release it.
                _active.TryRemove(new KeyValuePair<(string, Guid), Forwarding>(key, forwarding));
                await subscription.DisposeAsync();
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection is gone; OnDisconnectedAsync releases the subscription.
        }
    }

    private sealed class Forwarding(EventSubscription subscription)
    {
        private Task _task = Task.CompletedTask;

        public EventSubscription Subscription { get; } = subscription;

        public void Start(Func<Task> forward) => _task = Task.Run(forward);

        public async Task StopAsync()
        {
            await Subscription.DisposeAsync();
            await _task;
        }
    }
}
