using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;

namespace AgentPlatform.Tests.Streams;

/// <summary>
/// One behaviour, three transports: every test runs over Server-Sent Events, the plain WebSocket and the SignalR hub,
/// against the Api on a real socket with real PostgreSQL and Redis; and against one Api
/// (<see cref="OneReplicaStreamConformanceTests"/>) and two (<see cref="TwoReplicaStreamConformanceTests"/>). Events
/// are written through the first replica; clients connect to the second, and a client that resumes does so on the
/// other replica than the one it left. With one replica every choice is the same Api.
/// </summary>
public abstract class StreamConformanceTests(StreamsFixture fixture)
{
    [Theory]
    [MemberData(nameof(StreamClients.All), MemberType = typeof(StreamClients))]
    public async Task Replays_from_zero_then_delivers_new_events_live(Transport transport)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = ApiFixture.NewUser();
        var id = await fixture.Writer.CreateSessionAsync(user, ct);
        var last = await fixture.Writer.AppendAsync(id, 10, ct);

        await using var client = await fixture.ConnectAsync(transport, user, id, after: 0, ct, replica: 1);
        var replayed = await client.ReadDurableAsync(1, last, ct);
        var live = await client.ReadDurableAsync(last + 1, await fixture.Writer.AppendAsync(id, 5, ct), ct);

        var created = replayed[0];
        Assert.Equal(["seq", "id", "type", "sessionId", "runId", "timestamp", "data"], created.EnumerateObject().Select(p => p.Name));
        Assert.Equal("session.created", created.Type());
        Assert.Equal(id, created.GetProperty("sessionId").GetGuid());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("runId").ValueKind);
        Assert.Equal("general", created.GetProperty("data").GetProperty("taskType").GetString());
        Assert.Equal("run.queued", replayed[1].Type());
        Assert.NotEqual(Guid.Empty, replayed[1].GetProperty("runId").GetGuid());
        Assert.All(live, e => Assert.Equal("agent.thinking", e.Type()));
        Assert.Equal(17, replayed.Concat(live).Select(e => e.GetProperty("id").GetGuid()).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(StreamClients.All), MemberType = typeof(StreamClients))]
    public async Task Replays_from_a_middle_seq_across_pages(Transport transport)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = ApiFixture.NewUser();
        var id = await fixture.Writer.CreateSessionAsync(user, ct);
        var last = await fixture.Writer.AppendAsync(id, 120, ct);

        await using var client = await fixture.ConnectAsync(transport, user, id, after: 57, ct, replica: 1);
        var replayed = await client.ReadDurableAsync(58, last, ct);
        var next = await client.ReadDurableAsync(last + 1, await fixture.Writer.AppendAsync(id, 1, ct), ct);

        Assert.Equal(65, replayed.Count);
        Assert.Single(next);
    }

    [Theory]
    [MemberData(nameof(StreamClients.All), MemberType = typeof(StreamClients))]
    public async Task Disconnecting_mid_stream_and_resuming_by_seq_loses_and_repeats_nothing(Transport transport)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = ApiFixture.NewUser();
        var id = await fixture.Writer.CreateSessionAsync(user, ct);
        const int batches = 100, perBatch = 4;
        const long final = 2 + batches * perBatch;
        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < batches; i++)
            {
                await fixture.Writer.AppendAsync(id, perBatch, ct);
                await Task.Delay(2, ct);
            }
        }, ct);

        var seen = new List<long>();
        long after = 0;
        var replica = 0;
        foreach (var stopAt in new long[] { 60, 200, final })
        {
            await using var client = await fixture.ConnectAsync(transport, user, id, after, ct, replica: replica++);
            seen.AddRange((await client.ReadDurableAsync(after + 1, stopAt, ct)).Select(e => e.Seq()));
            after = stopAt;
        }

        await writing;
        Assert.Equal(Enumerable.Range(1, (int)final).Select(i => (long)i), seen);
    }

    [Theory]
    [MemberData(nameof(StreamClients.All), MemberType = typeof(StreamClients))]
    public async Task Subscribing_while_events_are_written_never_skips_or_repeats_a_seq(Transport transport)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = ApiFixture.NewUser();
        const long final = 4;
        for (var iteration = 0; iteration < 200; iteration++)
        {
            var id = await fixture.Writer.CreateSessionAsync(user, ct);
            // One save (seq 3 and 4) while the client connects, at a phase that shifts every iteration, so it commits
            // before, during and after the handover. Committed between the log read and the Redis subscription, it is
            // lost (no later event reveals the gap); between the subscription and the read, it arrives twice unless skipped.
            var phase = TimeSpan.FromMicroseconds(iteration * 97 % 20_000);
            var writing = Task.Run(async () =>
            {
                // Finer than Task.Delay's millisecond timer.
                var waited = Stopwatch.StartNew();
                while (waited.Elapsed < phase)
                {
                    Thread.SpinWait(20);
                }

                await fixture.Writer.AppendAsync(id, 2, ct);
            }, ct);
            var connecting = fixture.ConnectAsync(transport, user, id, after: 0, ct, replica: iteration);

            await using var client = await connecting;
            // Sooner than the idle catch-up read could rescue an event the handover dropped.
            var events = await client.ReadDurableAsync(1, final, ct, within: StreamsFixture.FasterThanCatchUp);
            await writing;
            // A duplicate of 3 or 4 would come after 4: the next durable event must be 5.
            events.AddRange(await client.ReadDurableAsync(final + 1, await fixture.Writer.AppendAsync(id, 1, ct), ct, within: StreamsFixture.FasterThanCatchUp));
            Assert.Equal(final + 1, events.Select(e => e.GetProperty("id").GetGuid()).Distinct().Count());
        }
    }

    [Theory]
    [MemberData(nameof(StreamClients.All), MemberType = typeof(StreamClients))]
    public async Task Another_users_session_or_an_unknown_one_is_refused_as_not_found(Transport transport)
    {
        var ct = TestContext.Current.CancellationToken;
        var owner = ApiFixture.NewUser("owner");
        var id = await fixture.Writer.CreateSessionAsync(owner, ct);

        var foreign = await Assert.ThrowsAsync<StreamRefusedException>(() => fixture.ConnectAsync(transport, ApiFixture.NewUser("intruder"), id, 0, ct));
        var unknown = await Assert.ThrowsAsync<StreamRefusedException>(() => fixture.ConnectAsync(transport, owner, Guid.NewGuid(), 0, ct, replica: 1));

        Assert.Equal(404, foreign.Status);
        Assert.Equal(404, unknown.Status);
        await using var mine = await fixture.ConnectAsync(transport, owner, id, 0, ct, replica: 1);
        Assert.Equal(2, (await mine.ReadDurableAsync(1, 2, ct)).Count);
    }

    [Theory]
    [MemberData(nameof(StreamClients.All), MemberType = typeof(StreamClients))]
    public async Task A_consumer_too_slow_to_keep_up_is_cut_off_and_resumes_by_seq(Transport transport)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = ApiFixture.NewUser();
        var id = await fixture.Writer.CreateSessionAsync(user, ct);
        await using var slow = await fixture.ConnectAsync(transport, user, id, after: 0, ct, replica: 1);
        await slow.ReadDurableAsync(1, 2, ct);

        // About 16 MB while the client reads nothing: more than the socket buffers and the server's bounded buffer hold.
        slow.PauseReading();
        long final = 2;
        for (var i = 0; i < 20; i++)
        {
            final = await fixture.Writer.AppendAsync(id, 100, ct, textLength: 8 * 1024);
        }

        slow.ResumeReading();
        var received = new List<long> { 1, 2 };
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            timeout.CancelAfter(StreamClients.ReadTimeout);
            // Until the server ends the stream, or (if it never cuts anyone off) everything has arrived.
            while (received[^1] < final && await slow.ReadAsync(timeout.Token) is { } evt)
            {
                if (evt.GetProperty("seq").ValueKind != JsonValueKind.Null)
                {
                    received.Add(evt.Seq());
                }
            }
        }

        Assert.True(received[^1] < final, $"the slow client received everything ({final} events): it was never cut off");
        if (transport != Transport.SignalR || slow.EndReason is not null)
        {
            // SignalR's stateful-reconnect buffer under this back-pressure sometimes aborts the connection itself before
            // StreamEnded gets through (see below): the client then sees a lost connection, without the reason.
            Assert.Equal("subscriber_too_slow", slow.EndReason);
        }

        Assert.Equal(Enumerable.Range(1, received.Count).Select(i => (long)i), received);
        // Up to 16 MB again: SignalR's stateful reconnect sends about HubReconnectBufferBytes a second. Under this much
        // back-pressure SignalR itself sometimes aborts a connection in its stateful-reconnect buffer (it logs "Failed
        // writing message... Concurrent reads or writes are not supported"); like any client that loses its connection,
        // this one then resumes by seq again. Every seq still arrives once and in order.
        var next = received[^1] + 1;
        using var within = CancellationTokenSource.CreateLinkedTokenSource(ct);
        within.CancelAfter(TimeSpan.FromSeconds(60));
        for (var connection = 1; next <= final; connection++)
        {
            await using var resumed = await fixture.ConnectAsync(transport, user, id, after: next - 1, ct, replica: 0);
            while (next <= final && await resumed.ReadAsync(within.Token) is { } evt)
            {
                if (evt.GetProperty("seq").ValueKind != JsonValueKind.Null)
                {
                    Assert.Equal(next, evt.Seq());
                    next++;
                }
            }

            Assert.True(next > final || (transport == Transport.SignalR && resumed.EndReason is null && connection < 3),
                $"the resumed stream ended ({resumed.EndReason ?? "closed"}) before seq {next} of {final}, on connection {connection}");
        }
    }

    [Theory]
    [MemberData(nameof(StreamClients.All), MemberType = typeof(StreamClients))]
    public async Task A_tool_status_broadcast_and_an_ephemeral_delta_reach_a_live_subscriber_without_a_seq(Transport transport)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = ApiFixture.NewUser();
        var id = await fixture.Writer.CreateSessionAsync(user, ct);
        await using var client = await fixture.ConnectAsync(transport, user, id, after: 0, ct, replica: 1);
        // Replay comes after the Redis subscription: once it is read, the subscription is live.
        await client.ReadDurableAsync(1, 2, ct);
        var marker = Guid.NewGuid().ToString();

        await fixture.Publisher.BroadcastAsync(new ToolStatusData(marker, "a test tool", true, AgentPlatform.Core.Tools.CircuitState.Open, DateTimeOffset.UtcNow));
        await fixture.Publisher.PublishEphemeralAsync(id, null, new AgentMessageDeltaData(1, marker));
        var last = await fixture.Writer.AppendAsync(id, 1, ct);

        var status = await client.ReadUntilAsync(e => e.Type() == "tool.status" && e.GetProperty("data").GetProperty("name").GetString() == marker, ct);
        var delta = await client.ReadUntilAsync(e => e.Type() == "agent.message_delta", ct);
        var durable = await client.ReadUntilAsync(e => e.GetProperty("seq").ValueKind != JsonValueKind.Null, ct);
        Assert.Equal(JsonValueKind.Null, status.GetProperty("seq").ValueKind);
        Assert.Equal(JsonValueKind.Null, status.GetProperty("sessionId").ValueKind);
        Assert.Equal("open", status.GetProperty("data").GetProperty("circuit").GetString());
        Assert.Equal(JsonValueKind.Null, delta.GetProperty("seq").ValueKind);
        Assert.Equal(id, delta.GetProperty("sessionId").GetGuid());
        Assert.Equal(marker, delta.GetProperty("data").GetProperty("text").GetString());
        Assert.Equal(3, last);
        Assert.Equal(last, durable.Seq());
    }

    [Theory]
    [MemberData(nameof(StreamClients.All), MemberType = typeof(StreamClients))]
    public async Task Events_whose_Redis_messages_were_lost_are_filled_from_the_log(Transport transport)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = ApiFixture.NewUser();
        var id = await fixture.Writer.CreateSessionAsync(user, ct);
        await using var client = await fixture.ConnectAsync(transport, user, id, after: 0, ct, replica: 1);
        await client.ReadDurableAsync(1, 2, ct);

        // 3..5 never reach Redis; 6 does, and reveals the gap.
        await fixture.Writer.AppendAsync(id, 3, ct, publish: false);
        var revealing = await fixture.Writer.AppendAsync(id, 1, ct);
        await client.ReadDurableAsync(3, revealing, ct, within: StreamsFixture.FasterThanCatchUp);
        // 7..8 never reach Redis and nothing follows: the idle catch-up read delivers them.
        var tail = await fixture.Writer.AppendAsync(id, 2, ct, publish: false);
        await client.ReadDurableAsync(revealing + 1, tail, ct);
    }

    [Theory]
    [MemberData(nameof(StreamClients.All), MemberType = typeof(StreamClients))]
    public async Task A_run_through_the_Worker_streams_live_to_run_completed_on_every_replica(Transport transport)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = ApiFixture.NewUser();
        using var http = fixture.Replica(1).ClientFor(user);
        var response = await http.PostAsJsonAsync("/api/v1/sessions", new { prompt = "stream me", taskType = "simple_query" }, ct);
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();

        // One client stays on the first replica; a second leaves it after the first two events and resumes on the
        // other replica while the Worker is still running (each simulated model call takes 300 ms).
        await using var client = await fixture.ConnectAsync(transport, user, id, after: 0, ct, untilRunCompleted: true, replica: 0);
        var second = new List<JsonElement>();
        await using (var leaving = await fixture.ConnectAsync(transport, user, id, after: 0, ct, untilRunCompleted: true, replica: 0))
        {
            second.AddRange(await leaving.ReadDurableAsync(1, 2, ct));
        }

        await using var resumed = await fixture.ConnectAsync(transport, user, id, after: 2, ct, untilRunCompleted: true, replica: 1);
        var reading = client.ReadRunAsync(1, ct);
        second.AddRange(await resumed.ReadRunAsync(3, ct));
        var events = await reading;

        var types = events.Select(e => e.Type()).ToList();
        Assert.Equal(["session.created", "run.queued"], types.Take(2));
        Assert.Contains("run.started", types);
        Assert.Contains("agent.message", types);
        Assert.Equal("completed", events[^1].GetProperty("data").GetProperty("status").GetString());
        Assert.Equal(events.Select(e => e.GetProperty("id").GetGuid()), second.Select(e => e.GetProperty("id").GetGuid()));
        if (transport != Transport.SignalR)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(StreamClients.ReadTimeout);
            Assert.Null(await client.ReadAsync(timeout.Token));
            Assert.Equal("run_completed", client.EndReason);
        }

        if (client is WebSocketStreamClient socket)
        {
            Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        }
    }

    [Theory]
    [MemberData(nameof(StreamClients.All), MemberType = typeof(StreamClients))]
    public async Task A_stream_ends_when_the_callers_token_expires(Transport transport)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = ApiFixture.NewUser();
        var id = await fixture.Writer.CreateSessionAsync(user, ct);
        await using var client = await fixture.ConnectAsync(transport, user, id, after: 0, ct, tokenLifetime: TimeSpan.FromSeconds(2), replica: 1);
        await client.ReadDurableAsync(1, 2, ct);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StreamClients.ReadTimeout);
        while (await client.ReadAsync(timeout.Token) is { } evt)
        {
            Assert.Equal(JsonValueKind.Null, evt.GetProperty("seq").ValueKind);
        }

        // SignalR closes the whole connection itself (CloseOnAuthenticationExpiration), without a reason.
        Assert.Equal(transport == Transport.SignalR ? null : "access_expired", client.EndReason);
    }
}
