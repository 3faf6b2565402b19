using System.Net.Http.Headers;

namespace AgentPlatform.Bench.Streams;

/// <summary>Connects subscribers over one transport: <c>signalr</c> (the hub), <c>websocket</c> or <c>sse</c>.</summary>
public sealed class SubscriberConnector : IDisposable
{
    private readonly Uri _baseAddress;
    private readonly string _token;
    private readonly HttpClient? _sse;

    public SubscriberConnector(string transport, Uri baseAddress, string token)
    {
        (_baseAddress, _token, Transport) = (baseAddress, token, transport);
        Description = transport switch
        {
            "signalr" => "SignalR connections to /hubs/sessions (negotiate + WebSockets, stateful reconnect, JSON protocol)",
            "websocket" => "plain WebSockets on /ws/v1/sessions/{id}",
            "sse" => "Server-Sent Events streams on /api/v1/sessions/{id}/events/stream (HTTP/1.1, one connection each)",
            _ => throw new ArgumentException($"Unknown transport '{transport}': signalr, websocket or sse.", nameof(transport)),
        };
        if (transport == "sse")
        {
            _sse = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = baseAddress,
                Timeout = Timeout.InfiniteTimeSpan,
                DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
            };
        }
    }

    public string Transport { get; }

    public string Description { get; }

    public async Task<StreamSubscriber> ConnectAsync(SessionLog session, CancellationToken ct) => Transport switch
    {
        "signalr" => await HubSubscriber.ConnectAsync(_baseAddress, _token, session, ct),
        "websocket" => await WebSocketSubscriber.ConnectAsync(_baseAddress, _token, session, ct),
        _ => await SseSubscriber.ConnectAsync(_sse!, session, ct),
    };

    public void Dispose() => _sse?.Dispose();
}
