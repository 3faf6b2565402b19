using System.Net.Http.Json;
using System.Text.Json;

namespace AgentPlatform.Tests.Capacity;

/// <summary>Back-pressure is visible: runs no Worker takes wait (never fail), and the Api reports and flags them.</summary>
public sealed class QueueBacklogTests(LocalInfrastructure infrastructure)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Runs_no_worker_takes_wait_in_the_queue_show_in_the_stats_and_turn_health_degraded_past_the_bound()
    {
        // No Worker at all: every run waits.
        await using var api = new ApiFactory(infrastructure, "capacity_backlog", new Dictionary<string, string?> { ["Queue:MaxWait"] = "00:00:02" });
        using var client = api.ClientFor(ApiFixture.NewUser("backlog"));
        using var admin = api.ClientFor(ApiFixture.NewUser("backlog-admin"), admin: true);
        var fresh = await QueueCheck(admin);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("pending", (await client.CreateSessionAsync(new { prompt = $"Wait {i}", taskType = "simple_query" }, _ct)).Status());
        }

        var degraded = await Poll.UntilAsync(() => QueueCheck(admin), c => c.GetProperty("status").GetString() == "Degraded", TimeSpan.FromSeconds(20), _ct);
        var stats = await admin.GetFromJsonAsync<JsonElement>("/api/v1/monitoring/stats", _ct);

        Assert.Equal("Healthy", fresh.GetProperty("status").GetString());
        Assert.StartsWith("3 run(s) waiting; the oldest for", degraded.GetProperty("description").GetString());
        Assert.Equal(3, stats.GetProperty("queue").GetProperty("waiting").GetInt32());
        Assert.True(stats.GetProperty("queue").GetProperty("oldestWaitSeconds").GetDouble() > 2, stats.ToString());
    }

    private async Task<JsonElement> QueueCheck(HttpClient client)
    {
        using var response = await client.GetAsync("/health", _ct);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
        return report.GetProperty("checks").GetProperty("queue-backlog");
    }
}
