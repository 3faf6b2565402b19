namespace AgentPlatform.Api.Streams;

/// <summary>Why the server ended a stream (wire values snake_case).</summary>
public enum StreamEndReason
{
    /// <summary>The stream was opened for one run and its <c>run.completed</c> was delivered.</summary>
    RunCompleted,

    /// <summary>The subscriber did not keep up; it resumes by seq.</summary>
    SubscriberTooSlow,

    /// <summary>The caller's token expired.</summary>
    AccessExpired,

    /// <summary>This server is shutting down; another replica serves the resumed stream.</summary>
    ServerStopping,

    /// <summary>The event log could not be read.</summary>
    Unavailable,
}

/// <summary>
/// The last thing a stream says: why it ended and the seq of the last durable event it delivered, the one to resume after
/// (SSE event <c>stream.end</c>, WebSocket close reason, SignalR <c>StreamEnded</c>).
/// </summary>
public sealed record StreamEnd(Guid SessionId, StreamEndReason Reason, long LastSeq);
