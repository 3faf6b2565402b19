using System.Net;
using AgentPlatform.Core;
using AgentPlatform.Tests.Streams;

namespace AgentPlatform.Tests.EndToEnd;

/// <summary>
/// The AppHost's two Api replicas: each healthy on a port of its own behind the proxy, and a run created through the
/// proxy streams to one client on each replica, every event once and in order.
/// </summary>
[Collection(TwoApiReplicasCollection.Name)]
public sealed class TwoApiReplicasTests(TwoApiReplicasFixture fixture)
{
    [Fact]
    public async Task Both_replicas_are_healthy_and_a_run_streams_to_a_client_on_each()
    {
        var ct = TestContext.Current.CancellationToken;
        var replicas = await HealthyReplicasAsync(ct);
        Assert.Equal(2, replicas.Distinct().Count());
        foreach (var replica in replicas)
        {
            using var direct = new HttpClient { BaseAddress = replica };
            Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync("/health", ct)).StatusCode);
        }

        const string user = "replicas-user";
        using var proxied = fixture.ApiClient(user);
        var id = (await proxied.CreateSessionAsync(new { prompt = "stream me from two replicas", taskType = "simple_query" }, ct)).Id();
        var token = TestTokens.Create(user);
        await using var overSse = await SseStreamClient.ConnectAsync(replicas[0], token, id, after: 0, untilRunCompleted: true, ct);
        await using var overSocket = await WebSocketStreamClient.ConnectAsync(replicas[1], token, id, after: 0, untilRunCompleted: true, ct);

        var first = overSse.ReadRunAsync(1, ct);
        var second = await overSocket.ReadRunAsync(1, ct);

        Assert.Equal((await first).Select(e => e.GetProperty("id").GetGuid()), second.Select(e => e.GetProperty("id").GetGuid()));
        Assert.Equal("session.created", second[0].Type());
    }

    /// <summary>Each Api replica's own address (its ASPNETCORE_URLS), once every replica reports healthy.</summary>
    private async Task<List<Uri>> HealthyReplicasAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var healthy = new Dictionary<string, Uri>();
        await foreach (var change in fixture.App.ResourceNotifications.WatchAsync(timeout.Token))
        {
            if (change.Resource.Name != ResourceNames.Api)
            {
                continue;
            }

            var url = change.Snapshot.EnvironmentVariables.SingleOrDefault(v => v.Name == "ASPNETCORE_URLS")?.Value;
            if (change.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy && url is not null)
            {
                healthy[change.ResourceId] = new Uri(url);
            }
            else
            {
                healthy.Remove(change.ResourceId);
            }

            if (healthy.Count == 2)
            {
                return [.. healthy.Values];
            }
        }

        throw new OperationCanceledException(ct);
    }
}
