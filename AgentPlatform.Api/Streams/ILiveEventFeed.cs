namespace AgentPlatform.Api.Streams;

/// <summary>
/// The live side of a stream: hands a subscription the session's live events (and broadcasts) through
/// <see cref="EventSubscription.Offer"/>. A seam for tests; <see cref="EventFanout"/> is the Redis one.
/// </summary>
public interface ILiveEventFeed
{
    /// <summary>Starts delivering; when this returns, an event published from now on reaches the subscription.</summary>
    Task AddAsync(EventSubscription subscription);

    void Remove(EventSubscription subscription);
}
