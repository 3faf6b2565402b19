using AgentPlatform.Core.Events;

namespace AgentPlatform.Api.Streams;

/// <summary>What the server calls on a SignalR client of <see cref="SessionsHub"/>.</summary>
public interface ISessionsClient
{
    /// <summary>One event of a subscribed session (or a broadcast), in the contract's shape.</summary>
    Task Event(EventEnvelope evt);

    /// <summary>The server ended a subscription (e.g. subscriber_too_slow); subscribe again after <c>end.lastSeq</c>.</summary>
    Task StreamEnded(StreamEnd end);
}
