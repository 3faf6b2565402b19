using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace AgentPlatform.Bench.Streams;

/// <summary>
/// One SignalR connection to /hubs/sessions (negotiate, then WebSockets, stateful reconnect, as a browser connects)
/// subscribed to one session after its current seq. It stamps each event as its handler runs (after the client has
/// parsed the message) and keeps, per seq, the first arrival; repeats and events out of order are counted.
/// The handler runs on the connection's receive loop, one message at a time, so the arrays need no lock.
/// </summary>
public sealed class HubSubscriber : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private long _last;

    private HubSubscriber(HubConnection connection, SessionLog session)
    {
        _connection = connection;
        Session = session;
        _last = session.FirstSeq;
        ReceivedAt = new long[session.AppendStarted.Length];
    }

    public SessionLog Session { get; }

    /// <summary>Stopwatch timestamp of each seq's first arrival; 0 = never arrived.</summary>
    public long[] ReceivedAt { get; }

    public int Repeated { get; private set; }

    public int OutOfOrder { get; private set; }

    /// <summary>Events that were not this session's durable events (none are expected: no broadcast is sent).</summary>
    public int Unexpected { get; private set; }

    /// <summary>The server's StreamEnded reason, or the connection's close, if the stream ended.</summary>
    public string? Ended { get; private set; }

    public long LastReceived => Volatile.Read(ref _last);

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
        connection.On<ReceivedEvent>("Event", subscriber.OnEvent);
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

    private void OnEvent(ReceivedEvent evt)
    {
        var now = Stopwatch.GetTimestamp();
        if (evt.Seq is not { } seq || evt.SessionId != Session.Id || seq <= Session.FirstSeq || seq >= ReceivedAt.Length)
        {
            Unexpected++;
            return;
        }

        if (ReceivedAt[seq] != 0)
        {
            Repeated++;
            return;
        }

        ReceivedAt[seq] = now;
        if (seq != _last + 1)
        {
            OutOfOrder++;
        }

        Volatile.Write(ref _last, Math.Max(_last, seq));
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
