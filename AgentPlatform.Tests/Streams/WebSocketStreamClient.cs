using System.Net.WebSockets;
using System.Text.Json;

namespace AgentPlatform.Tests.Streams;

/// <summary>A ClientWebSocket on the Api's socket; one event per text frame, read only when asked.</summary>
public sealed class WebSocketStreamClient : IStreamClient
{
    private readonly ClientWebSocket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];

    private WebSocketStreamClient(ClientWebSocket socket) => _socket = socket;

    public string? EndReason { get; private set; }

    public WebSocketCloseStatus? CloseStatus { get; private set; }

    public static async Task<WebSocketStreamClient> ConnectAsync(Uri baseAddress, string? token, string sessionId, long after, bool untilRunCompleted, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (token is not null)
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        }

        var uri = new UriBuilder(baseAddress)
        {
            Scheme = "ws",
            Path = $"/ws/v1/sessions/{sessionId}",
            Query = $"after={after}" + (untilRunCompleted ? "&untilRunCompleted=true" : ""),
        }.Uri;
        try
        {
            await socket.ConnectAsync(uri, ct);
        }
        catch (WebSocketException ex)
        {
            var status = (int)socket.HttpStatusCode;
            socket.Dispose();
            throw new StreamRefusedException(status, $"WebSocket refused with {status}: {ex.Message}");
        }

        return new WebSocketStreamClient(socket);
    }

    public async Task<JsonElement?> ReadAsync(CancellationToken ct)
    {
        using var message = new MemoryStream();
        while (true)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(_buffer, ct);
            }
            catch (WebSocketException)
            {
                return null;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                CloseStatus = result.CloseStatus;
                EndReason = result.CloseStatusDescription;
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                return null;
            }

            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            message.Write(_buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
            }
        }
    }

    public void PauseReading()
    {
    }

    public void ResumeReading()
    {
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // Leaving anyway.
            }
        }

        _socket.Dispose();
    }
}
