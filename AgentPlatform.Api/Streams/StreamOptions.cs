using System.ComponentModel.DataAnnotations;

namespace AgentPlatform.Api.Streams;

/// <summary>Configuration section <c>Streams</c>: the live event streams (SSE, WebSocket, SignalR).</summary>
public sealed class StreamOptions
{
    public const string Section = "Streams";

    /// <summary>How often an idle Server-Sent Events stream sends a comment, so proxies keep it open.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The WebSocket keep-alive ping interval (plain WebSocket and SignalR's WebSocket transport).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan WebSocketKeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often each Api process reads the head seq of the sessions it streams (one query, <see cref="CatchUpProbe"/>);
    /// a subscription behind the head that has seen no live durable event since the last probe reads the log, so an event
    /// whose Redis message was lost at the end of a burst (no later event reveals the gap) still arrives.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Live events one subscriber may have waiting. A subscriber whose backlog passes it is too slow: its stream ends
    /// with <c>subscriber_too_slow</c> and it resumes by seq.
    /// </summary>
    [Range(1, 100_000)]
    public int SubscriberBufferSize { get; set; } = 1000;

    /// <summary>Events read from the log per query when replaying or filling a gap.</summary>
    [Range(1, 10_000)]
    public int ReplayPageSize { get; set; } = 500;

    /// <summary>
    /// SignalR's stateful-reconnect buffer per connection (bytes not yet acknowledged). Clients acknowledge once a
    /// second, so this also caps a connection's throughput at about this many bytes a second; SignalR's own default
    /// (100 KB) makes replaying a long session slow.
    /// </summary>
    [Range(10_000, 100_000_000)]
    public long HubReconnectBufferBytes { get; set; } = 1_000_000;

    /// <summary>After a stream ends, how long the transport has to deliver what is buffered and say why before the connection is aborted.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
