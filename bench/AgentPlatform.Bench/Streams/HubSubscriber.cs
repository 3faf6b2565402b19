using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace AgentPlatform.Bench.Streams;

/// <summary>
/// A SignalR connection to /hubs/sessions (negotiate, then WebSockets, stateful reconnect, as a browser connects)
/// subscribed to one session. Its handler runs on the connection's receive loop, after the client parsed the message.
/// </summary>
public sealed class HubSubscriber : StreamSubscriber
{
    private readonly HubConnection _connection;

    private HubSubscriber(HubConnection connection, SessionLog session)
        : base(session) => _connection = connection;

    public static async Task<HubSubscriber> ConnectAsync(Uri baseAddress, string token, SessionLog session, CancellationToken ct)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/sessions"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.WebSockets;
            })
            .WithStatefulReconnect()
            .Build();
        var subscriber = new HubSubscriber(connection, session);
        connection.On<ReceivedEvent>("Event", evt => subscriber.Record(evt, Stopwatch.GetTimestamp()));
        connection.On<JsonElement>("StreamEnded", end => subscriber.Ended = "StreamEnded " + end.GetRawText());
        connection.Closed += error =>
        {
            subscriber.Ended ??= "connection closed" + (error is null ? "" : ": " + error.Message);
            return Task.CompletedTask;
        };
        try
        {
            await connection.StartAsync(ct);
            await connection.InvokeAsync("Subscribe", session.Id, session.FirstSeq, ct);
        }
        catch (Exception)
        {
            await connection.DisposeAsync();
            throw;
        }

        return subscriber;
    }

    public override ValueTask DisposeAsync() => _connection.DisposeAsync();
}
