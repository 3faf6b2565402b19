using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.Core.Tools;
using StackExchange.Redis;

namespace AgentPlatform.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class HealthTests(ApiFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_is_degraded_while_a_live_worker_reports_an_open_circuit_and_healthy_once_its_states_expire()
    {
        using var anonymous = fixture.Client(null);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Infrastructure.RedisConnectionString);
        await Poll.UntilAsync(() => Check(anonymous, "tool-circuits"), s => s == "Healthy", TimeSpan.FromSeconds(10), _ct);

        // What a second Worker writes when its web_fetch breaker opens; it then dies (no heartbeat renews its states).
        var dead = new ToolStateWriter(redis, "health-tests-" + Guid.NewGuid().ToString("N")[..8], TimeSpan.FromSeconds(2), TimeProvider.System);
        await dead.WriteAsync([new ToolState("web_fetch", "fetch", true, CircuitState.Open, DateTimeOffset.UtcNow)]);
        var degraded = await anonymous.GetFromJsonAsync<JsonElement>("/health", _ct);
        var after = await Poll.UntilAsync(() => Check(anonymous, "tool-circuits"), s => s == "Healthy", TimeSpan.FromSeconds(10), _ct);

        Assert.Equal("Degraded", degraded.GetProperty("status").GetString());
        Assert.Contains("web_fetch", degraded.GetProperty("checks").GetProperty("tool-circuits").GetProperty("description").GetString());
        Assert.Equal("Healthy", after);
    }

    private async Task<string?> Check(HttpClient client, string name)
    {
        var report = await client.GetFromJsonAsync<JsonElement>("/health", _ct);
        return report.GetProperty("checks").GetProperty(name).GetProperty("status").GetString();
    }
}

/// <summary>With its own PostgreSQL, since it stops it.</summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task Health_is_unhealthy_while_postgres_is_down_and_recovers_without_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var infrastructure = new LocalInfrastructure();
        await infrastructure.InitializeAsync();
        await using var api = new ApiFactory(infrastructure, "outage_tests");
        using var client = api.ClientFor(null);
        var before = await Report(client, ct);

        await infrastructure.StopPostgresAsync();
        var down = await Poll.UntilAsync(() => Report(client, ct), r => r.Status == "Unhealthy", TimeSpan.FromSeconds(20), ct);
        await infrastructure.StartPostgresAsync();
        var back = await Poll.UntilAsync(() => Report(client, ct), r => r.Database == "Healthy" && r.Status != "Unhealthy", TimeSpan.FromSeconds(30), ct);

        Assert.Equal("Healthy", before.Database);
        Assert.Equal("Unhealthy", down.Database);
        Assert.NotEqual("Unhealthy", back.Status);
    }

    private static async Task<(string? Status, string? Database, string Json)> Report(HttpClient client, CancellationToken ct)
    {
        // /health answers 503 while Unhealthy, with the same JSON report.
        using var response = await client.GetAsync("/health", ct);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return (report.GetProperty("status").GetString(),
            report.GetProperty("checks").GetProperty(nameof(AgentPlatform.Core.Persistence.AgentDbContext)).GetProperty("status").GetString(),
            report.ToString());
    }
}
