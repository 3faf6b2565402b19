using AgentPlatform.Core.Events;
using AgentPlatform.Core.Persistence;

namespace AgentPlatform.Bench.Streams;

/// <summary>
/// An observer placed after the <see cref="RedisEventPublisher"/>: the save calls it once the transaction has committed
/// and the publish has been issued, so its timestamp splits append-to-client into the PostgreSQL part and the rest.
/// </summary>
public sealed class PublishClock(IReadOnlyDictionary<Guid, SessionLog> sessions) : ISavedEventsObserver
{
    public void OnSaved(IReadOnlyList<SavedEvent> events)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var saved in events)
        {
            if (sessions.TryGetValue(saved.Event.SessionId, out var log))
            {
                log.Published[saved.Event.Seq] = now;
            }
        }
    }
}
