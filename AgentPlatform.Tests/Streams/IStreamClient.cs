using System.Text.Json;

namespace AgentPlatform.Tests.Streams;

/// <summary>One subscriber of one session's stream, over any transport.</summary>
public interface IStreamClient : IAsyncDisposable
{
    /// <summary>The next event; null once the stream is over (then <see cref="EndReason"/> says why, if the server said).</summary>
    Task<JsonElement?> ReadAsync(CancellationToken ct);

    /// <summary>The server's reason for ending the stream (its wire name), or null.</summary>
    string? EndReason { get; }

    /// <summary>
    /// Stops taking anything off the connection, like a client too busy to read. SSE and WebSocket clients read only
    /// inside <see cref="ReadAsync"/>, so for them not calling it is enough; the SignalR client blocks its receive loop.
    /// </summary>
    void PauseReading();

    void ResumeReading();
}

/// <summary>The server refused the stream: an HTTP status, or 404 for the hub's "not found".</summary>
public sealed class StreamRefusedException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
