using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace AgentPlatform.Tests.Streams;

/// <summary>
/// A SignalR connection to /hubs/sessions (WebSockets, stateful reconnect) subscribed to one session. Its handlers run
/// on the connection's receive loop, so pausing them stops the client from reading, like a busy browser tab.
/// </summary>
public sealed class SignalRStreamClient : IStreamClient
{
    private readonly HubConnection _connection;
    private readonly Channel<JsonElement?> _received = Channel.CreateUnbounded<JsonElement?>();
    private volatile TaskCompletionSource _resume = CompletedGate();

    private SignalRStreamClient(HubConnection connection) => _connection = connection;

    public string? EndReason { get; private set; }

    /// <param name="skipNegotiation">Open the WebSocket straight away: one connection, so a proxy that balances
    /// connections without stickiness cannot send the negotiate request and the socket to different replicas.</param>
    /// <param name="defaultOptions">The client as an application would build it with no options but the token: it
    /// negotiates over HTTP first, then connects with the id the replica it reached gave it.</param>
    public static async Task<SignalRStreamClient> ConnectAsync(
        Uri baseAddress, string? token, string sessionId, long after, CancellationToken ct, bool skipNegotiation = false, bool defaultOptions = false)
    {
        var url = new Uri(baseAddress, "/hubs/sessions");
        var connection = defaultOptions
            ? new HubConnectionBuilder().WithUrl(url, o => o.AccessTokenProvider = () => Task.FromResult(token)).Build()
            : new HubConnectionBuilder()
                .WithUrl(url, o =>
                {
                    o.AccessTokenProvider = () => Task.FromResult(token);
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = skipNegotiation;
                })
                .WithStatefulReconnect()
                .Build();
        var client = new SignalRStreamClient(connection);
        connection.On<JsonElement>("Event", async evt =>
        {
            await client._resume.Task;
            await client._received.Writer.WriteAsync(evt);
        });
        connection.On<JsonElement>("StreamEnded", async end =>
        {
            await client._resume.Task;
            client.EndReason = end.GetProperty("reason").GetString();
            client._received.Writer.TryComplete();
        });
        connection.Closed += _ =>
        {
            client._received.Writer.TryComplete();
            return Task.CompletedTask;
        };
        try
        {
            await connection.StartAsync(ct);
        }
        catch (HttpRequestException ex)
        {
            await connection.DisposeAsync();
            throw new StreamRefusedException((int?)ex.StatusCode ?? 0, $"The hub refused the connection: {ex.Message}");
        }

        try
        {
            await connection.InvokeAsync("Subscribe", Guid.Parse(sessionId), after, ct);
        }
        catch (HubException ex)
        {
            await connection.DisposeAsync();
            throw new StreamRefusedException(ex.Message.Contains("not found", StringComparison.Ordinal) ? 404 : 0, ex.Message);
        }

        return client;
    }

    public async Task<JsonElement?> ReadAsync(CancellationToken ct) =>
        await _received.Reader.WaitToReadAsync(ct) && _received.Reader.TryRead(out var evt) ? evt : null;

    public void PauseReading() => _resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ResumeReading() => _resume.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        ResumeReading();
        await _connection.DisposeAsync();
    }

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }
}
