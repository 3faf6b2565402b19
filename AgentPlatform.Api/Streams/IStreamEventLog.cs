namespace AgentPlatform.Api.Streams;

/// <summary>
/// The durable side of a stream, read as the subscriber's owner sees it. A seam so the merge of live and durable events
/// (<see cref="EventSubscription"/>) is tested, and mutation-tested, without PostgreSQL; <see cref="StreamEventLog"/> reads the database.
/// </summary>
public interface IStreamEventLog
{
    /// <summary>Whether the session exists for the request's owner.</summary>
    Task<bool> SessionExistsAsync(StreamRequest request, CancellationToken cancellationToken);

    /// <summary>At most <paramref name="take"/> durable events after <paramref name="afterSeq"/>, in seq order.</summary>
    Task<IReadOnlyList<SessionEvent>> ReadAsync(StreamRequest request, long afterSeq, int take, CancellationToken cancellationToken);
}
