using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.Core;

namespace AgentPlatform.Tests.EndToEnd;

/// <summary>
/// The machine's Prometheus, started by the AppHost in local mode (./test.sh installs Debian's package), scrapes the
/// admin-only /metrics of every process of both services, each replica at its own address, with the token the
/// AppHost generated for it.
/// </summary>
public abstract class PrometheusTests(AppHostFixture fixture, int replicas)
{
    [Fact]
    public async Task Prometheus_scrapes_both_services_and_sees_a_session_created()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ready = CancellationTokenSource.CreateLinkedTokenSource(ct);
        ready.CancelAfter(TimeSpan.FromMinutes(1));
        await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Prometheus, ready.Token);
        using var prometheus = fixture.App.CreateHttpClient(ResourceNames.Prometheus, "http");

        var targets = await Poll.UntilAsync(() => prometheus.GetFromJsonAsync<JsonElement>("/api/v1/targets?state=active", ct),
            t => Targets(t).Count == 2 * replicas && Targets(t).All(x => x.Health == "up"), TimeSpan.FromSeconds(30), ct);
        Assert.Equal(replicas, Targets(targets).Count(t => t.Job == ResourceNames.Api));
        Assert.Equal(replicas, Targets(targets).Count(t => t.Job == ResourceNames.Worker));
        Assert.Equal(2 * replicas, Targets(targets).Select(t => t.Instance).Distinct().Count());

        using var user = fixture.ApiClient("prometheus-user");
        var session = await user.CreateSessionAsync("counted by prometheus", ct);
        var created = await Poll.UntilAsync(
            () => prometheus.GetFromJsonAsync<JsonElement>("/api/v1/query?query=sum(agentplatform_sessions_created_total{job=\"api\"})", ct),
            r => Value(r) >= 1, TimeSpan.FromSeconds(30), ct);
        Assert.True(Value(created) >= 1);
        // Other tests of the collection count runs in the services' metrics: leave no run of this one in flight.
        await user.WaitForStatusAsync(session.Id(), ct, "completed");
    }

    private static List<(string Job, string Instance, string Health)> Targets(JsonElement response) =>
        response.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
            .Select(t => (t.GetProperty("labels").GetProperty("job").GetString()!, t.GetProperty("labels").GetProperty("instance").GetString()!,
                t.GetProperty("health").GetString()!))
            .ToList();

    /// <summary>The value of an instant query's single sample, or -1 when there is none yet.</summary>
    private static double Value(JsonElement response) =>
        response.GetProperty("data").GetProperty("result") is { ValueKind: JsonValueKind.Array } result && result.GetArrayLength() > 0
            ? double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)
            : -1;
}

[Collection(AppHostCollection.Name)]
public sealed class OneReplicaPrometheusTests(AppHostFixture fixture) : PrometheusTests(fixture, replicas: 1);

[Collection(ReplicasCollection.Name)]
public sealed class TwoReplicasPrometheusTests(ReplicasFixture fixture) : PrometheusTests(fixture, replicas: 2);
