using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;

namespace AgentPlatform.Bench.Streams;

/// <summary>A plain WebSocket on /ws/v1/sessions/{id}?after=: one JSON event per text frame, read by a loop of its own.</summary>
public sealed class WebSocketSubscriber : StreamSubscriber
{
    private readonly ClientWebSocket _socket;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    private WebSocketSubscriber(ClientWebSocket socket, SessionLog session)
        : base(session) => _socket = socket;

    public static async Task<WebSocketSubscriber> ConnectAsync(Uri baseAddress, string token, SessionLog session, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        var uri = new UriBuilder(baseAddress) { Scheme = "ws", Path = $"/ws/v1/sessions/{session.Id}", Query = $"after={session.FirstSeq}" }.Uri;
        try
        {
            await socket.ConnectAsync(uri, ct);
        }
        catch (Exception)
        {
            socket.Dispose();
            throw;
        }

        var subscriber = new WebSocketSubscriber(socket, session);
        subscriber._loop = Task.Run(subscriber.ReceiveAsync, CancellationToken.None);
        return subscriber;
    }

    private async Task ReceiveAsync()
    {
        var message = new ArrayBufferWriter<byte>(1024);
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(message.GetMemory(1024), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Ended = $"closed {_socket.CloseStatus} {_socket.CloseStatusDescription}";
                    return;
                }

                message.Advance(result.Count);
                if (result.EndOfMessage)
                {
                    var evt = JsonSerializer.Deserialize<ReceivedEvent>(message.WrittenSpan, JsonSerializerOptions.Web)!;
                    Record(evt, Stopwatch.GetTimestamp());
                    message.ResetWrittenCount();
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: the benchmark is over.
        }
        catch (WebSocketException ex)
        {
            Ended = "connection lost: " + ex.Message;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _socket.Dispose();
        _stop.Dispose();
    }
}
