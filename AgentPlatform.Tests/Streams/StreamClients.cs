using System.Text.Json;

namespace AgentPlatform.Tests.Streams;

/// <summary>Opens a stream over any transport, and reads it the way the conformance tests check it.</summary>
public static class StreamClients
{
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(20);

    public static TheoryData<Transport> All => new(Transport.ServerSentEvents, Transport.WebSocket, Transport.SignalR);

    /// <param name="untilRunCompleted">Ends the stream after run.completed (SSE and WebSocket; the hub has no such option).</param>
    /// <param name="replica">The Api replica to connect to (modulo their count; the events are written through the first).</param>
    public static Task<IStreamClient> ConnectAsync(
        this StreamsFixture fixture, Transport transport, string user, Guid sessionId, long after, CancellationToken ct,
        bool untilRunCompleted = false, TimeSpan? tokenLifetime = null, int replica = 0) =>
        fixture.Replica(replica).ConnectAsync(transport, user, sessionId, after, ct, untilRunCompleted, tokenLifetime);

    /// <summary>Opens a stream on this Api.</summary>
    public static async Task<IStreamClient> ConnectAsync(
        this StreamsApiFactory api, Transport transport, string user, Guid sessionId, long after, CancellationToken ct,
        bool untilRunCompleted = false, TimeSpan? tokenLifetime = null)
    {
        var token = TestTokens.Create(user, lifetime: tokenLifetime);
        var id = sessionId.ToString();
        var address = api.BaseAddress;
        return transport switch
        {
            Transport.ServerSentEvents => await SseStreamClient.ConnectAsync(address, token, id, after, untilRunCompleted, ct),
            Transport.WebSocket => await WebSocketStreamClient.ConnectAsync(address, token, id, after, untilRunCompleted, ct),
            _ => await SignalRStreamClient.ConnectAsync(address, token, id, after, ct),
        };
    }

    /// <summary>
    /// Reads durable events until <paramref name="lastSeq"/>, asserting that they are exactly
    /// <paramref name="firstSeq"/>..<paramref name="lastSeq"/> in order; ephemeral events in between are skipped.
    /// </summary>
    public static async Task<List<JsonElement>> ReadDurableAsync(
        this IStreamClient client, long firstSeq, long lastSeq, CancellationToken ct, TimeSpan? within = null)
    {
        var events = new List<JsonElement>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(within ?? ReadTimeout);
        var expected = firstSeq;
        while (expected <= lastSeq)
        {
            JsonElement? next;
            try
            {
                next = await client.ReadAsync(timeout.Token);
            }
            catch (Exception ex) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException($"Seq {expected} did not arrive within {within ?? ReadTimeout} (wanted {firstSeq}..{lastSeq}): {ex.GetType().Name}");
            }

            var evt = next
                ?? throw new Xunit.Sdk.XunitException($"The stream ended ({client.EndReason ?? "closed"}) before seq {expected}; last was {expected - 1}.");
            if (evt.GetProperty("seq").ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            Assert.Equal(expected, evt.GetProperty("seq").GetInt64());
            events.Add(evt);
            expected++;
        }

        return events;
    }

    /// <summary>Durable events from <paramref name="firstSeq"/> through the next run.completed, contiguous.</summary>
    public static async Task<List<JsonElement>> ReadRunAsync(this IStreamClient client, long firstSeq, CancellationToken ct)
    {
        var events = new List<JsonElement>();
        while (events.Count == 0 || events[^1].Type() != "run.completed")
        {
            var next = firstSeq + events.Count;
            events.AddRange(await client.ReadDurableAsync(next, next, ct));
        }

        return events;
    }

    /// <summary>The next event that matches, skipping others (e.g. other tests' broadcasts).</summary>
    public static async Task<JsonElement> ReadUntilAsync(this IStreamClient client, Func<JsonElement, bool> match, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ReadTimeout);
        while (true)
        {
            var evt = await client.ReadAsync(timeout.Token)
                ?? throw new Xunit.Sdk.XunitException($"The stream ended ({client.EndReason ?? "closed"}) before the expected event.");
            if (match(evt))
            {
                return evt;
            }
        }
    }

    public static long Seq(this JsonElement evt) => evt.GetProperty("seq").GetInt64();

    public static string Type(this JsonElement evt) => evt.GetProperty("type").GetString()!;
}
