using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.Core.Tools;
using StackExchange.Redis;

namespace AgentPlatform.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class OperatorEndpointsTests(ApiFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Agents_lists_one_profile_per_task_type()
    {
        using var client = fixture.Client(ApiFixture.NewUser());

        var agents = await client.GetFromJsonAsync<JsonElement>("/api/v1/agents", _ct);

        var types = agents.EnumerateArray().Select(a => a.GetProperty("taskType").GetString()).ToList();
        Assert.Equal(["general", "simple_query", "web_search", "code_generation", "analysis"], types);
        var simple = agents.EnumerateArray().Single(a => a.GetProperty("taskType").GetString() == "simple_query");
        Assert.False(simple.GetProperty("planning").GetBoolean());
        Assert.StartsWith("simulated", simple.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Tools_shows_what_workers_publish_and_an_admin_reset_is_sent_to_every_worker()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Infrastructure.RedisConnectionString);
        var name = "probe_tool_" + Guid.NewGuid().ToString("N")[..6];
        // What a Worker with that tool writes when its breaker opens.
        var worker = new ToolStateWriter(redis, "operator-tests-" + Guid.NewGuid().ToString("N")[..8], TimeSpan.FromMinutes(1), TimeProvider.System);
        await worker.WriteAsync([new ToolState(name, "a probe", true, CircuitState.Open, DateTimeOffset.UtcNow)]);
        var resets = new List<string>();
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(ToolRedisKeys.ResetChannel), (_, m) => { lock (resets) { resets.Add(m.ToString()); } });
        using var user = fixture.Client(ApiFixture.NewUser());
        using var admin = fixture.Client(ApiFixture.NewUser("admin"), admin: true);

        var tools = await user.GetFromJsonAsync<JsonElement>("/api/v1/tools", _ct);
        var forbidden = await user.PostAsync($"/api/v1/tools/{name}/reset", null, _ct);
        var unknown = await admin.PostAsync("/api/v1/tools/no_such_tool/reset", null, _ct);
        var accepted = await admin.PostAsync($"/api/v1/tools/{name}/reset", null, _ct);

        Assert.Equal("open", tools.EnumerateArray().Single(t => t.GetProperty("name").GetString() == name).GetProperty("circuit").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await Poll.UntilAsync(() => Task.FromResult(resets.ToList()), r => r.Contains(name), TimeSpan.FromSeconds(5), _ct);
        Assert.DoesNotContain(name, resets.Where(r => r != name));
        await worker.RemoveAsync();
    }

    [Fact]
    public async Task Monitoring_stats_are_for_admins_and_count_sessions_by_status()
    {
        using var user = fixture.Client(ApiFixture.NewUser());
        using var admin = fixture.Client(ApiFixture.NewUser("admin"), admin: true);
        var session = await user.CreateSessionAsync("count me", _ct);
        await user.WaitForStatusAsync(session.Id(), _ct, "completed");

        var forbidden = await user.GetAsync("/api/v1/monitoring/stats", _ct);
        var stats = await admin.GetFromJsonAsync<JsonElement>("/api/v1/monitoring/stats", _ct);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.True(stats.GetProperty("sessionsByStatus").GetProperty("completed").GetInt32() >= 1);
        Assert.True(stats.GetProperty("tokensUsed").GetInt64() >= session.GetProperty("tokensUsed").GetInt32());
        Assert.True(stats.GetProperty("queue").GetProperty("servers").GetInt32() >= 1);
        Assert.True(stats.GetProperty("queue").GetProperty("latencyP50Ms").GetDouble() >= 0);
    }
}
