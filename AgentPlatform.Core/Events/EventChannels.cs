using StackExchange.Redis;

namespace AgentPlatform.Core.Events;

/// <summary>
/// The Redis pub/sub channels live events travel on. Each message is one <see cref="EventEnvelope"/> as JSON. Pub/sub
/// delivers at most once: the durable log in PostgreSQL is the truth, and subscribers fill any gap from it.
/// </summary>
public static class EventChannels
{
    public const string SessionPrefix = "agentplatform:events:";

    /// <summary>Events every subscriber of every session receives (tool.status).</summary>
    public static readonly RedisChannel Broadcast = RedisChannel.Literal("agentplatform:events:broadcast");

    /// <summary>Every event channel (sessions and broadcast): what a process that fans events out subscribes to once.</summary>
    public static readonly RedisChannel All = RedisChannel.Pattern(SessionPrefix + "*");

    /// <summary>One session's durable and ephemeral events.</summary>
    public static RedisChannel Session(Guid sessionId) => RedisChannel.Literal(SessionPrefix + sessionId.ToString("D"));

    /// <summary>The session a channel name belongs to; false for the broadcast channel and anything else.</summary>
    public static bool TryGetSession(string channel, out Guid sessionId)
    {
        sessionId = Guid.Empty;
        return channel.StartsWith(SessionPrefix, StringComparison.Ordinal)
            && Guid.TryParseExact(channel.AsSpan(SessionPrefix.Length), "D", out sessionId);
    }
}
