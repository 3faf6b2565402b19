using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.AppHost.Infrastructure;
using AgentPlatform.Core;
using AgentPlatform.Tests.Streams;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentPlatform.Tests.EndToEnd;

/// <summary>
/// The AppHost's replicas: each healthy on a port of its own behind the proxy; a run created through the proxy streams
/// to one client on each Api replica and to a SignalR client through the proxy, every event once and in order; an
/// operator command acts on the Worker replica it was run on, not on whichever one the proxy would pick.
/// </summary>
[Collection(ReplicasCollection.Name)]
public sealed class ReplicasTests(ReplicasFixture fixture)
{
    [Fact]
    public async Task Both_api_replicas_are_healthy_and_a_run_streams_to_a_client_on_each_and_through_the_proxy()
    {
        var ct = TestContext.Current.CancellationToken;
        var replicas = await HealthyReplicasAsync(ResourceNames.Api, ct);
        foreach (var (_, address) in replicas)
        {
            using var direct = new HttpClient { BaseAddress = address };
            Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync("/health", ct)).StatusCode);
        }

        const string user = "replicas-user";
        using var proxied = fixture.ApiClient(user);
        var id = (await proxied.CreateSessionAsync(new { prompt = "stream me from two replicas", taskType = "simple_query" }, ct)).Id();
        var token = TestTokens.Create(user);
        await using var overSse = await SseStreamClient.ConnectAsync(replicas[0].Address, token, id, after: 0, untilRunCompleted: true, ct);
        await using var overSocket = await WebSocketStreamClient.ConnectAsync(replicas[1].Address, token, id, after: 0, untilRunCompleted: true, ct);
        // Through the proxy, as a frontend on :5080 would: without negotiation (see SignalRStreamClient).
        await using var overHub = await SignalRStreamClient.ConnectAsync(proxied.BaseAddress!, token, id, after: 0, ct, skipNegotiation: true);

        var first = overSse.ReadRunAsync(1, ct);
        var third = overHub.ReadRunAsync(1, ct);
        var second = await overSocket.ReadRunAsync(1, ct);

        var ids = second.Select(e => e.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(ids, (await first).Select(e => e.GetProperty("id").GetGuid()));
        Assert.Equal(ids, (await third).Select(e => e.GetProperty("id").GetGuid()));
        Assert.Equal("session.created", second[0].Type());
    }

    [Fact]
    public async Task Through_the_gateway_signalr_with_default_options_sse_and_websocket_each_stream_a_run_to_completion()
    {
        var ct = TestContext.Current.CancellationToken;
        await HealthyReplicasAsync(ResourceNames.Api, ct);
        await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Gateway, ct);
        const string user = "gateway-user";
        using var gateway = fixture.Client(ResourceNames.Gateway, user);
        var token = TestTokens.Create(user);

        // Several hub clients in a row: with two replicas and no affinity, about half of them would negotiate with one
        // replica and connect to the other ("No Connection with that ID").
        var hubs = new List<SignalRStreamClient>();
        var id = (await gateway.CreateSessionAsync(new { prompt = "stream me through the gateway", taskType = "simple_query" }, ct)).Id();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                hubs.Add(await SignalRStreamClient.ConnectAsync(gateway.BaseAddress!, token, id, after: 0, ct, defaultOptions: true));
            }

            await using var overSse = await SseStreamClient.ConnectAsync(gateway.BaseAddress!, token, id, after: 0, untilRunCompleted: true, ct);
            await using var overSocket = await WebSocketStreamClient.ConnectAsync(gateway.BaseAddress!, token, id, after: 0, untilRunCompleted: true, ct);

            var expected = (await overSocket.ReadRunAsync(1, ct)).Select(e => e.GetProperty("id").GetGuid()).ToList();
            var sse = await overSse.ReadRunAsync(1, ct);
            Assert.Equal("run.completed", sse[^1].Type());
            Assert.Equal(expected, sse.Select(e => e.GetProperty("id").GetGuid()));
            foreach (var hub in hubs)
            {
                Assert.Equal(expected, (await hub.ReadRunAsync(1, ct)).Select(e => e.GetProperty("id").GetGuid()));
            }
        }
        finally
        {
            foreach (var hub in hubs)
            {
                await hub.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Pause_queue_pauses_the_worker_replica_it_was_run_on_only()
    {
        var ct = TestContext.Current.CancellationToken;
        var workers = await HealthyReplicasAsync(ResourceNames.Worker, ct);
        var commands = fixture.App.Services.GetRequiredService<ResourceCommandService>();

        var paused = await commands.ExecuteCommandAsync(workers[0].Id, OperatorCommands.PauseQueue, ct);
        bool[] afterPause = [await QueuePausedAsync(workers[0].Address, ct), await QueuePausedAsync(workers[1].Address, ct)];
        var resumed = await commands.ExecuteCommandAsync(workers[0].Id, OperatorCommands.ResumeQueue, ct);

        Assert.True(paused.Success, paused.Message);
        Assert.Equal([true, false], afterPause);
        Assert.True(resumed.Success, resumed.Message);
        Assert.False(await QueuePausedAsync(workers[0].Address, ct));
    }

    private static async Task<bool> QueuePausedAsync(Uri worker, CancellationToken ct)
    {
        using var admin = new HttpClient { BaseAddress = worker };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Create("replicas-admin", admin: true));
        return (await admin.GetFromJsonAsync<JsonElement>("/admin/queue", ct)).GetProperty("paused").GetBoolean();
    }

    /// <summary>Each replica's id and own address, once two replicas of the resource report healthy.</summary>
    private async Task<List<(string Id, Uri Address)>> HealthyReplicasAsync(string resource, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var healthy = new Dictionary<string, Uri>();
        await foreach (var change in fixture.App.ResourceNotifications.WatchAsync(timeout.Token))
        {
            if (change.Resource.Name != resource)
            {
                continue;
            }

            if (change.Snapshot.HealthStatus == HealthStatus.Healthy && OperatorCommands.ReplicaAddress(change.Snapshot) is { } address)
            {
                healthy[change.ResourceId] = address;
            }
            else
            {
                healthy.Remove(change.ResourceId);
            }

            if (healthy.Count == 2)
            {
                Assert.Equal(2, healthy.Values.Distinct().Count());
                // The resource's health check goes through the proxy, so a replica can read Healthy before it listens
                // itself: wait until each answers on its own address.
                foreach (var replica in healthy.Values)
                {
                    using var direct = new HttpClient { BaseAddress = replica };
                    await Poll.UntilAsync(() => ReadyAsync(direct, timeout.Token), ready => ready, TimeSpan.FromSeconds(60), timeout.Token);
                }

                return [.. healthy.Select(r => (r.Key, r.Value))];
            }
        }

        throw new OperationCanceledException(ct);
    }

    private static async Task<bool> ReadyAsync(HttpClient replica, CancellationToken ct)
    {
        try
        {
            using var response = await replica.GetAsync("/health", ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
    }
}
