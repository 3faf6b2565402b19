using System.Diagnostics;
using AgentPlatform.Tests.Engine;

namespace AgentPlatform.Tests.Capacity;

/// <summary>
/// One Worker runs many model-bound runs at once (tasks, not a Hangfire worker thread each), and each completes with
/// every event in order; a graceful stop hands running runs to another Worker without losing any.
/// </summary>
public sealed class ConcurrentRunsTests(LocalInfrastructure infrastructure)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Forty_runs_wait_on_the_model_at_the_same_time_in_one_worker_and_each_completes_gap_free()
    {
        const int Runs = 40;
        var tally = new CountingTool("tally", (_, _, _) => Task.FromResult("counted"));
        await using var stack = new CapacityStack(infrastructure, "capacity_concurrent");
        // The Hangfire setting the host replaced: four worker threads would allow four runs at once.
        var worker = stack.StartWorker(tally, latencyMs: 1500, new Dictionary<string, string?>
        {
            ["Worker:WorkerCount"] = "4",
            ["Worker:MaxConcurrentRuns"] = "64",
            ["Worker:UserShare"] = "1",
        });
        using var client = stack.Api.ClientFor(ApiFixture.NewUser("capacity"));

        var ids = await CapacityStack.CreateAsync(client, Runs, "Count [[tool:tally {\"n\": 1}]] then [[tool:tally {\"n\": 2}]]", _ct);
        var sessions = await CapacityStack.WaitForAllAsync(client, ids, TimeSpan.FromSeconds(90), _ct);

        Assert.All(sessions, s => Assert.Equal("completed", s.Status()));
        // Each run makes three 1.5 s model calls; one at a time per thread, 40 runs on 4 threads would need 45 s.
        Assert.True(CapacityStack.Host(worker).Peak >= 30, $"peak concurrency {CapacityStack.Host(worker).Peak}");
        foreach (var id in ids)
        {
            var events = await CapacityStack.AssertGapFreeAsync(client, id, _ct);
            Assert.Equal(2, events.OfType("tool.called").Count);
            Assert.Equal(2, tally.CallsFor(id));
        }

        // Each job ends as Hangfire's state changer would leave it: Succeeded, off the queue, counted for the dashboard.
        var outcome = await Poll.UntilAsync(() => stack.HangfireOutcomeAsync(_ct), o => o.Queued == 0, TimeSpan.FromSeconds(10), _ct);
        Assert.Equal((Runs, 0, (long)Runs), outcome);
    }

    [Fact]
    public async Task A_worker_stopped_gracefully_with_runs_in_flight_hands_each_to_another_and_none_is_lost()
    {
        const int Runs = 12;
        var tally = new CountingTool("tally", (_, _, _) => Task.FromResult("counted"));
        await using var stack = new CapacityStack(infrastructure, "capacity_shutdown");
        var settings = new Dictionary<string, string?> { ["Worker:MaxConcurrentRuns"] = "50", ["Worker:UserShare"] = "1", ["Worker:StopTimeout"] = "00:00:01" };
        var first = stack.StartWorker(tally, latencyMs: 2000, settings);
        using var client = stack.Api.ClientFor(ApiFixture.NewUser("capacity"));
        var ids = await CapacityStack.CreateAsync(client, Runs, "Count [[tool:tally {\"n\": 1}]] then [[tool:tally {\"n\": 2}]]", _ct);
        await Poll.UntilAsync(() => Task.FromResult(CapacityStack.Host(first).Active), n => n == Runs, TimeSpan.FromSeconds(30), _ct);

        // Graceful stop: no more fetching, 1 s for running runs, then each is cancelled and its job requeued.
        var stopping = Stopwatch.StartNew();
        await stack.StopWorkerAsync(first);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(15), $"stop took {stopping.Elapsed}");
        var second = stack.StartWorker(tally, latencyMs: 200, settings);

        // Requeued jobs are taken at once (not after the one-minute invisibility of a dead Worker's job).
        var sessions = await CapacityStack.WaitForAllAsync(client, ids, TimeSpan.FromSeconds(40), _ct);
        Assert.All(sessions, s => Assert.Equal("completed", s.Status()));
        foreach (var id in ids)
        {
            var events = await CapacityStack.AssertGapFreeAsync(client, id, _ct);
            Assert.Single(events.OfType("run.started"));
            Assert.Equal(2, events.OfType("tool.called").Select(e => e.Data().GetProperty("callId").GetString()).Distinct().Count());
            Assert.Equal(2, tally.CallsFor(id));
        }
    }
}
