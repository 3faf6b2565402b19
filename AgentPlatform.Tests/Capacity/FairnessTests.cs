using System.Text.Json;
using AgentPlatform.Tests.Engine;

namespace AgentPlatform.Tests.Capacity;

/// <summary>A user who floods the queue holds at most their share of a Worker; another user's runs start at once.</summary>
public sealed class FairnessTests(LocalInfrastructure infrastructure)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_flooding_user_holds_only_their_share_and_another_users_runs_start_before_the_flood_drains()
    {
        var tally = new CountingTool("tally", (_, _, _) => Task.FromResult("counted"));
        await using var stack = new CapacityStack(infrastructure, "capacity_fairness");
        // Four runs at once, two per user.
        stack.StartWorker(tally, latencyMs: 3000, new Dictionary<string, string?> { ["Worker:MaxConcurrentRuns"] = "4", ["Worker:UserShare"] = "0.5" });
        using var flooder = stack.Api.ClientFor(ApiFixture.NewUser("flood"));
        using var other = stack.Api.ClientFor(ApiFixture.NewUser("other"));

        var flood = await CapacityStack.CreateAsync(flooder, 12, "Flood", _ct);
        var others = await CapacityStack.CreateAsync(other, 2, "Other", _ct);
        await CapacityStack.WaitForAllAsync(flooder, flood, TimeSpan.FromSeconds(120), _ct);
        await CapacityStack.WaitForAllAsync(other, others, TimeSpan.FromSeconds(30), _ct);

        var floodRuns = await RunsAsync(flooder, flood);
        var otherRuns = await RunsAsync(other, others);
        // First in, first out within the flooding user (two fetched together may begin in either order).
        for (var i = 0; i + 2 < floodRuns.Count; i++)
        {
            Assert.True(floodRuns[i].Started <= floodRuns[i + 2].Started, $"flood run {i} started after flood run {i + 2}");
        }

        // Never more than their share (2) of the flooding user's runs at once.
        Assert.All(floodRuns, r => Assert.True(floodRuns.Count(o => o.Started <= r.Started && o.Completed > r.Started) <= 2,
            $"more than 2 flood runs were running at {r.Started:O}"));
        // The other user was served while most of the flood still waited: both started before the flood's 6th run.
        Assert.All(otherRuns, r => Assert.True(r.Started < floodRuns[5].Started, $"other run started {r.Started:O}, flood #6 {floodRuns[5].Started:O}"));
    }

    private async Task<List<(DateTimeOffset Started, DateTimeOffset Completed)>> RunsAsync(HttpClient client, IEnumerable<string> ids)
    {
        List<(DateTimeOffset, DateTimeOffset)> runs = [];
        foreach (var id in ids)
        {
            var events = await client.EventsAsync(id, _ct);
            runs.Add((Time(events.OfType("run.started")[0]), Time(events.OfType("run.completed")[0])));
        }

        return runs;
    }

    private static DateTimeOffset Time(JsonElement e) => e.GetProperty("timestamp").GetDateTimeOffset();
}
