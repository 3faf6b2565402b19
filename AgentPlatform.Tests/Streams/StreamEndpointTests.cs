using System.Net;
using System.Net.WebSockets;

namespace AgentPlatform.Tests.Streams;

/// <summary>What only one transport has: SSE heartbeats and Last-Event-ID, the 401s before any upgrade.</summary>
[Collection(StreamsCollection.Name)]
public sealed class StreamEndpointTests(StreamsFixture fixture)
{
    [Fact]
    public async Task Every_stream_answers_401_without_a_token()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await fixture.Writer.CreateSessionAsync(ApiFixture.NewUser(), ct);
        using var anonymous = fixture.Api.ClientFor(null);

        var sse = await anonymous.GetAsync($"/api/v1/sessions/{id}/events/stream", HttpCompletionOption.ResponseHeadersRead, ct);
        var negotiate = await anonymous.PostAsync("/hubs/sessions/negotiate?negotiateVersion=1", null, ct);
        var socket = await Assert.ThrowsAsync<StreamRefusedException>(() =>
            WebSocketStreamClient.ConnectAsync(fixture.Api.BaseAddress, null, id.ToString(), 0, false, ct));
        var hub = await Assert.ThrowsAsync<StreamRefusedException>(() =>
            SignalRStreamClient.ConnectAsync(fixture.Api.BaseAddress, null, id.ToString(), 0, ct));

        Assert.Equal(HttpStatusCode.Unauthorized, sse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
        Assert.Equal(401, socket.Status);
        Assert.Equal(401, hub.Status);
    }

    [Fact]
    public async Task Sse_sends_heartbeat_comments_while_idle()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = ApiFixture.NewUser();
        var id = await fixture.Writer.CreateSessionAsync(user, ct);
        await using var client = await SseStreamClient.ConnectAsync(fixture.Api.BaseAddress, TestTokens.Create(user), id.ToString(), 2, false, ct);

        await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
        var next = await fixture.Writer.AppendAsync(id, 1, ct);
        await client.ReadDurableAsync(next, next, ct);

        // One opening comment, then a heartbeat every 300 ms of the 1.5 s idle.
        Assert.True(client.Comments >= 4, $"only {client.Comments} comments");
    }

    [Fact]
    public async Task Sse_resumes_from_Last_Event_ID_over_after_with_the_token_in_the_query()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = ApiFixture.NewUser();
        var id = await fixture.Writer.CreateSessionAsync(user, ct);
        var last = await fixture.Writer.AppendAsync(id, 6, ct);

        await using var client = await SseStreamClient.ConnectAsync(fixture.Api.BaseAddress, TestTokens.Create(user), id.ToString(), after: 1,
            untilRunCompleted: false, ct, tokenInQuery: true, lastEventId: "5");

        await client.ReadDurableAsync(6, last, ct);
    }

    [Fact]
    public async Task A_bad_after_or_Last_Event_ID_is_a_400_naming_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = ApiFixture.NewUser();
        var id = await fixture.Writer.CreateSessionAsync(user, ct);
        using var http = fixture.Api.ClientFor(user);

        var negative = await http.GetAsync($"/api/v1/sessions/{id}/events/stream?after=-1", HttpCompletionOption.ResponseHeadersRead, ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sessions/{id}/events/stream");
        request.Headers.Add("Last-Event-ID", "yesterday");
        var badHeader = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        var notAUuid = await http.GetAsync("/api/v1/sessions/abc/events/stream", HttpCompletionOption.ResponseHeadersRead, ct);
        var notASocket = await http.GetAsync($"/ws/v1/sessions/{id}", ct);

        await ApiCalls.AssertProblemNamesAsync(negative, 400, "after", ct);
        await ApiCalls.AssertProblemNamesAsync(badHeader, 400, "Last-Event-ID", ct);
        await ApiCalls.AssertProblemNamesAsync(notAUuid, 400, "id", ct);
        Assert.Equal(HttpStatusCode.BadRequest, notASocket.StatusCode);
    }

    [Fact]
    public async Task A_client_that_closes_its_WebSocket_gets_a_clean_close()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = ApiFixture.NewUser();
        var id = await fixture.Writer.CreateSessionAsync(user, ct);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {TestTokens.Create(user)}");
        await socket.ConnectAsync(new UriBuilder(fixture.Api.BaseAddress) { Scheme = "ws", Path = $"/ws/v1/sessions/{id}" }.Uri, ct);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);

        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }
}
