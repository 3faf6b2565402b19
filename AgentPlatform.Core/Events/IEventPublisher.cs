namespace AgentPlatform.Core.Events;

/// <summary>
/// Puts events on the live channels (<see cref="EventChannels"/>). Publishing never throws for Redis failures: it logs
/// them, because subscribers resume from the durable log and fill gaps from it. The Api and the Worker register
/// <see cref="RedisEventPublisher"/> with <see cref="EventServiceExtensions.AddEventPublisher"/>.
/// </summary>
public interface IEventPublisher
{
    /// <summary>
    /// Durable events that have just been committed, in seq order. Registered with
    /// <see cref="EventServiceExtensions.AddEventPublisher"/>, the publisher observes every save of
    /// <see cref="Persistence.AgentDbContext"/> and calls this itself; nothing else needs to.
    /// </summary>
    Task PublishAsync(IReadOnlyList<SessionEvent> events);

    /// <summary>
    /// A live-only event of one session, e.g. <c>agent.message_delta</c>: seq null, never stored,
    /// never replayed; a subscriber that is not connected when it is sent never sees it.
    /// </summary>
    Task PublishEphemeralAsync(Guid sessionId, Guid? runId, IEventData data);

    /// <summary>
    /// A live-only event for every subscriber of every session, e.g. <c>tool.status</c> with the tool's state: seq null,
    /// sessionId null.
    /// </summary>
    Task BroadcastAsync(IEventData data);
}
