using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AgentPlatform.Tests.Api;

/// <summary>
/// <c>GET /tools</c> and the Api's health with two Worker replicas, each with its own circuits: what
/// <c>Replicas:Worker=2</c> runs.
/// </summary>
public sealed class ToolStatesAcrossWorkersTests(LocalInfrastructure infrastructure)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_circuit_open_on_one_worker_is_open_whatever_the_other_writes_and_a_reset_closes_it_on_both()
    {
        await using var cluster = new TwoWorkerToolStates(infrastructure);
        var (a, b) = cluster.Start();
        using var admin = cluster.Client(ApiFixture.NewUser("admin"), admin: true);
        await Poll.UntilAsync(() => CircuitsAsync(admin), c => c.GetValueOrDefault("flaky") == "closed", Patience, _ct);

        await a.OpenAsync(a.Flaky, _ct);
        await Poll.UntilAsync(() => CircuitsAsync(admin), c => c["flaky"] == "open", Patience, _ct);
        // Worker b writes its states (flaky closed there) after a's: they must not hide a's open circuit.
        await b.OpenAsync(b.Other, _ct);
        var both = await Poll.UntilAsync(() => CircuitsAsync(admin), c => c["other"] == "open", Patience, _ct);
        var degraded = await HealthAsync(admin);

        Assert.Equal(Core.Tools.CircuitState.Closed, b.Registry.GetStates().Single(s => s.Name == "flaky").Circuit);
        Assert.Equal("open", both["flaky"]);
        Assert.Equal("Degraded", degraded.Status);
        Assert.Contains("flaky (open)", degraded.ToolCircuits);
        Assert.Contains("other (open)", degraded.ToolCircuits);

        a.Flaky.Succeed();
        b.Other.Succeed();
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/api/v1/tools/flaky/reset", null, _ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/api/v1/tools/other/reset", null, _ct)).StatusCode);
        var healthy = await Poll.UntilAsync(() => HealthAsync(admin), h => h.Status == "Healthy", Patience, _ct);
        var closed = await CircuitsAsync(admin);

        Assert.Equal("Healthy", healthy.Status);
        Assert.Equal(("closed", "closed"), (closed["flaky"], closed["other"]));
        Assert.All([a, b], w => Assert.All(w.Registry.GetStates(), s => Assert.Equal(Core.Tools.CircuitState.Closed, s.Circuit)));
    }

    [Fact]
    public async Task A_worker_whose_heartbeat_stops_arriving_no_longer_counts_once_its_states_expire()
    {
        await using var cluster = new TwoWorkerToolStates(infrastructure);
        var (a, b) = cluster.Start();
        using var user = cluster.Client(ApiFixture.NewUser());
        await Poll.UntilAsync(() => CircuitsAsync(user), c => c.GetValueOrDefault("flaky") == "closed", Patience, _ct);
        await b.OpenAsync(b.Flaky, _ct);
        await Poll.UntilAsync(() => HealthAsync(user), h => h.Status == "Degraded", Patience, _ct);

        await b.LoseRedisAsync();
        var stopped = DateTime.UtcNow;
        var rightAfter = await CircuitsAsync(user);
        var healthy = await Poll.UntilAsync(() => HealthAsync(user), h => h.Status == "Healthy", Patience, _ct);
        var expiredAfter = DateTime.UtcNow - stopped;
        var after = await CircuitsAsync(user);

        Assert.Equal("open", rightAfter["flaky"]);
        Assert.Equal("closed", after["flaky"]);
        Assert.Equal("Healthy", healthy.Status);
        // It went when its time to live ran out, not before (b's breaker is still open: nothing closed it).
        Assert.True(expiredAfter > TwoWorkerToolStates.TimeToLive / 4, $"gone after {expiredAfter}");
        Assert.Equal(Core.Tools.CircuitState.Open, b.Registry.GetStates().Single(s => s.Name == "flaky").Circuit);
        Assert.Equal(Core.Tools.CircuitState.Closed, a.Registry.GetStates().Single(s => s.Name == "flaky").Circuit);
    }

    private async Task<Dictionary<string, string?>> CircuitsAsync(HttpClient client)
    {
        var tools = await client.GetFromJsonAsync<JsonElement>("/api/v1/tools", _ct);
        return tools.EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("circuit").GetString());
    }

    private async Task<(string? Status, string? ToolCircuits)> HealthAsync(HttpClient client)
    {
        // /health answers 503 only when Unhealthy; Degraded is a 200 with the same report.
        using var response = await client.GetAsync("/health", _ct);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
        var check = report.GetProperty("checks").GetProperty("tool-circuits");
        return (report.GetProperty("status").GetString(), check.GetProperty("status").GetString() + ": " + check.GetProperty("description").GetString());
    }
}
