using AgentPlatform.AppHost.Infrastructure;
using AgentPlatform.Bench.Streams;

namespace AgentPlatform.Bench.Capacity;

/// <summary>
/// Issue #13's figures: the real Api and Worker processes on a real PostgreSQL and Redis, the simulated model at a
/// fixed latency, runs of a fixed shape (a plan of N steps with M tool calls each); throughput against its ideal and
/// queue latency against the NOTIFY floor at offered loads, a burst to the concurrency goal, 2-Worker scaling, and
/// fairness under one flooding user.
/// </summary>
public static class CapacityBench
{
    private const string Database = "bench_capacity";
    private const double QueueGoalMs = 50;
    private const double MemoryGoalKiB = 1024;

    public static async Task<int> RunAsync(string[] args)
    {
        var s = CapacitySettings.From(new BenchOptions(args));
        using var timeout = new CancellationTokenSource(TimeSpan.FromHours(2));
        var ct = timeout.Token;
        Console.WriteLine($"# capacity benchmark, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"model: simulated, {s.LatencyMs} ms a call; run shape: plan of {s.PlanSteps} steps × {s.ToolsPerStep} pin_fact calls + a report each, final answer: " +
                          $"{s.ModelCalls} model calls, ideal run {s.IdealRun.TotalSeconds:F1} s; Worker pool {s.Pool} connections");
        await using var infrastructure = new LocalInfrastructure();
        await infrastructure.InitializeAsync();
        var connectionString = infrastructure.Database(Database);
        await using var api = await ApiProcess.StartAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings:agentdb"] = connectionString + ";Maximum Pool Size=40",
            ["ConnectionStrings:redis"] = infrastructure.RedisConnectionString,
            ["Auth:SigningKey"] = BenchApi.SigningKey,
            ["RateLimiting:PermitLimit"] = "1000000",
            ["Sessions:MaxActiveRunsPerUser"] = "10000",
            ["Logging:LogLevel:Default"] = "Warning",
        }, ct);
        using var load = new SessionLoad(api.BaseAddress, s);
        var floor = await NotifyRoundTrip.MeasureAsync(connectionString, 200, ct);
        var floorP99 = Percentiles.Of(floor, 0.99);
        Console.WriteLine($"floor: PostgreSQL NOTIFY → LISTEN round trip, 200 one at a time: p50 {Percentiles.Median(floor):F2} ms, p99 {floorP99:F2} ms, max {floor.Max():F2} ms");
        List<string> goals = [];

        // Offered loads, one Worker.
        await using (var workers = await WorkerSet.StartAsync(1, s.Capacity, s.Share, s, infrastructure, connectionString, ct))
        {
            await WarmUpAsync(load, workers, connectionString, s, ct);
            Console.WriteLine();
            Console.WriteLine($"offered loads, 1 Worker (Worker:MaxConcurrentRuns {s.Capacity}), {s.Seconds} s each, {s.Users} users:");
            StageReport.PrintHeader();
            var users = Users("load", s.Users);
            foreach (var rate in s.Runs("load") ? s.Rates : [])
            {
                var (stage, breakdown) = await RunStageAsync(load, workers, connectionString, s, rate, users, ct);
                StageReport.Print(stage);
                QueueBreakdown.Print(breakdown);
                // "Up to 500 concurrent runs": every stage whose steady concurrency (the mean) is at most 500.
                if (stage.MeanActive <= 500)
                {
                    goals.Add(Goal($"throughput ≥ 0.9 of ideal up to 500 concurrent runs, at {rate}/s ({stage.MeanActive:F0} concurrent)", stage.Ratio >= 0.9, $"ratio {stage.Ratio:F3}"));
                }

                if (stage.MaxActive < s.Capacity)
                {
                    goals.Add(Goal($"queue latency p99 < {QueueGoalMs} ms with free capacity, at {rate}/s (floor p99 {floorP99:F2} ms)", stage.P99 < QueueGoalMs, $"p99 {stage.P99:F1} ms"));
                }
            }

            // A burst: as many runs at once as the goal asks for.
            if (s.Runs("burst"))
            {
                await BurstAsync(load, workers, connectionString, s, goals, ct);
            }
        }

        if (s.Runs("scaling"))
        {
            await ScalingAsync(load, infrastructure, connectionString, s, goals, ct);
        }

        if (s.Runs("fairness"))
        {
            await FairnessAsync(load, infrastructure, connectionString, s, goals, ct);
        }

        Console.WriteLine();
        Console.WriteLine($"session creates that failed: {load.Failures}; jobs delivered more than once (more than one Processing state): " +
                          $"{await RedeliveredJobsAsync(connectionString, ct)}");
        goals.ForEach(Console.WriteLine);
        return 0;
    }

    private static async Task BurstAsync(SessionLoad load, WorkerSet workers, string connectionString, CapacitySettings s, List<string> goals, CancellationToken ct)
    {
        var before = await workers.IdleSampleAsync(ct);
        var burst = await load.BurstAsync(s.Burst, Users("burst", s.Users), ct);
        var burstRuns = await RunTimes.WaitForAsync(connectionString, burst, s.IdealRun * 4 + TimeSpan.FromMinutes(2), ct);
        var samples = workers.Sampler.Between(before.At, DateTimeOffset.UtcNow);
        var peak = samples.Max(x => x.Active);
        var atPeak = samples.Where(x => x.Active == peak).Max(x => x.ResidentKiB);
        var perRun = (atPeak - before.ResidentKiB) / (double)Math.Max(1, peak);
        Console.WriteLine();
        Console.WriteLine($"burst: {burst.Count} sessions created as fast as the Api takes them (32 at a time; {load.Failures} failed so far); " +
                          $"concurrency reached {peak} (Worker:MaxConcurrentRuns {s.Capacity}); {burstRuns.Count(r => r.Completed is not null)} completed");
        Console.WriteLine($"  Worker resident memory {before.ResidentKiB / 1024.0:F0} MiB idle → {atPeak / 1024.0:F0} MiB at {peak} runs: {perRun:F0} KiB per active run " +
                          $"(every one waiting on the model); PostgreSQL connections max {samples.Max(x => x.Connections)} ({samples.Max(x => x.BusyConnections)} busy)");
        goals.Add(s.Burst >= 1000
            ? Goal($"1,000 concurrent runs in one Worker process, model latency {s.LatencyMs} ms", peak >= 1000, $"{peak} at once")
            : $"goal 1,000 concurrent runs in one Worker: not tested at this size (--burst {s.Burst}; reached {peak})");
        goals.Add(Goal("under 1 MiB of memory per waiting run", perRun < MemoryGoalKiB, $"{perRun:F0} KiB"));
    }

    private static async Task ScalingAsync(SessionLoad load, LocalInfrastructure infrastructure, string connectionString, CapacitySettings s,
        List<string> goals, CancellationToken ct)
    {
        // Scaling: the same backlog (four waves of a Worker's capacity) on 1 Worker, then on 2. The backlog is queued while
        // the Workers are paused, and they resume together: the figure is the Workers' throughput, not how fast the Api
        // creates sessions (the burst phase measures that) or how far apart the Workers' processes started.
        Console.WriteLine();
        var makespans = new List<double>();
        foreach (var count in new[] { 1, 2 })
        {
            await using var workers = await WorkerSet.StartAsync(count, s.ScaleCapacity, 1.0, s, infrastructure, connectionString, ct, paused: true);
            var ids = await load.BurstAsync(s.ScaleCapacity * 4, Users($"scale{count}", s.Users), ct);
            await workers.ResumeAsync(ct);
            var runs = await RunTimes.WaitForAsync(connectionString, ids, s.IdealRun * 10 + TimeSpan.FromMinutes(2), ct);
            var first = runs.Min(r => r.Started ?? DateTimeOffset.MaxValue);
            var last = runs.Max(r => r.Completed ?? DateTimeOffset.MinValue);
            var throughput = runs.Count(r => r.Completed is not null) / (last - first).TotalSeconds;
            makespans.Add(throughput);
            Console.WriteLine($"scaling: {count} Worker(s) × {s.ScaleCapacity} runs at once, {ids.Count} runs: {throughput:F2} runs completed/s " +
                              $"(ideal {count * s.ScaleCapacity / s.IdealRun.TotalSeconds:F2}/s){(count == 2 ? $"; ratio to 1 Worker {throughput / makespans[0]:F2}" : "")}");
        }

        goals.Add(Goal("2 Workers scale throughput (ratio to 1 Worker ≥ 1.8)", makespans[1] / makespans[0] >= 1.8, $"ratio {makespans[1] / makespans[0]:F2}"));
    }

    private static async Task FairnessAsync(SessionLoad load, LocalInfrastructure infrastructure, string connectionString, CapacitySettings s,
        List<string> goals, CancellationToken ct)
    {
        // Fairness: one user floods a Worker; another user's runs still start at once.
        await using (var workers = await WorkerSet.StartAsync(1, s.ScaleCapacity, 0.5, s, infrastructure, connectionString, ct))
        {
            var flood = await load.BurstAsync(s.Flood, ["flooder"], ct);
            List<Guid> others = [];
            for (var i = 0; i < 5; i++)
            {
                await Task.Delay(500, ct);
                if (await load.CreateAsync("bystander", ct) is { } id)
                {
                    others.Add(id);
                }
            }

            var otherRuns = await RunTimes.WaitForAsync(connectionString, others, s.IdealRun * 3 + TimeSpan.FromMinutes(1), ct);
            var floodRuns = await RunTimes.ReadAsync(connectionString, flood, ct);
            var maxFlood = floodRuns.Where(r => r.Started is not null)
                .Max(r => floodRuns.Count(o => o.Started <= r.Started && (o.Completed is null || o.Completed > r.Started)));
            var latencies = otherRuns.Where(r => r.Started is not null).Select(r => r.QueueMs).ToList();
            Console.WriteLine();
            Console.WriteLine($"fairness: 1 Worker × {s.ScaleCapacity} runs, Worker:UserShare 0.5; one user queued {flood.Count} runs at once, then another user 5 (one each 0.5 s)");
            Console.WriteLine($"  flooding user: at most {maxFlood} running at once (share {Math.Max(1, s.ScaleCapacity / 2)}), queue latency max {floodRuns.Where(r => r.Started is not null).Max(r => r.QueueMs) / 1000:F1} s so far");
            Console.WriteLine($"  other user: {latencies.Count}/5 started, queue latency p50 {Percentiles.Median(latencies):F1} ms, max {latencies.Max():F1} ms");
            QueueBreakdown.Print(await QueueBreakdown.ReadAsync(connectionString, others, ct));
            goals.Add(Goal($"another user's runs start within the fairness bound (queue latency < {QueueGoalMs} ms while one user floods)",
                latencies.Count == 5 && latencies.Max() < QueueGoalMs, $"max {latencies.Max():F1} ms"));
            goals.Add(Goal("the flooding user holds no more than their share", maxFlood <= Math.Max(1, s.ScaleCapacity / 2), $"{maxFlood} at once"));
            await RunTimes.WaitForAsync(connectionString, flood, s.IdealRun * (s.Flood / Math.Max(1, s.ScaleCapacity / 2) + 2) + TimeSpan.FromMinutes(1), ct);
        }
    }

    private static async Task<(StageFigures, List<QueueBreakdown>)> RunStageAsync(SessionLoad load, WorkerSet workers, string connectionString, CapacitySettings s,
        int rate, IReadOnlyList<string> users, CancellationToken ct)
    {
        var before = await workers.IdleSampleAsync(ct);
        var start = DateTimeOffset.UtcNow;
        var ids = await load.OfferAsync(rate, TimeSpan.FromSeconds(s.Seconds), users, ct);
        var runs = await RunTimes.WaitForAsync(connectionString, ids, s.IdealRun * 4 + TimeSpan.FromMinutes(2), ct);
        await Task.Delay(500, ct);
        return (StageFigures.Compute(rate, start, TimeSpan.FromSeconds(s.Seconds), s.IdealRun, runs, workers.Sampler.Between(start, DateTimeOffset.UtcNow), before),
            await QueueBreakdown.ReadAsync(connectionString, ids, ct));
    }

    private static async Task WarmUpAsync(SessionLoad load, WorkerSet workers, string connectionString, CapacitySettings s, CancellationToken ct)
    {
        var ids = await load.BurstAsync(10, Users("warmup", 2), ct);
        await RunTimes.WaitForAsync(connectionString, ids, s.IdealRun * 3 + TimeSpan.FromMinutes(1), ct);
        _ = workers;
    }

    /// <summary>
    /// Jobs with more than one Processing state, split by whether the later delivery came after the run had ended
    /// (its job was fetched again but found nothing to do) or while it was still going (a hand-over or a second execution).
    /// </summary>
    private static async Task<string> RedeliveredJobsAsync(string connectionString, CancellationToken ct)
    {
        await using var db = new Npgsql.NpgsqlConnection(connectionString);
        await db.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand("""
            WITH twice AS (
                SELECT st.jobid, (array_agg(st.createdat ORDER BY st.createdat))[2] AS second
                FROM hangfire.state st WHERE st.name = 'Processing' GROUP BY st.jobid HAVING count(*) > 1
            ), ended AS (
                SELECT t.jobid, t.second, (SELECT min(e.timestamp) FROM session_events e
                    WHERE e.run_id = r.id AND e.type = 'run.completed') AS ended
                FROM twice t JOIN hangfire.job j ON j.id = t.jobid
                LEFT JOIN runs r ON j.arguments ->> 0 = '"' || r.id::text || '"'
            )
            SELECT count(*), count(*) FILTER (WHERE ended IS NOT NULL AND ended < second) FROM ended
            """, db);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (all, afterEnd) = (reader.GetInt64(0), reader.GetInt64(1));
        return $"{all} ({afterEnd} fetched again after their run had ended, {all - afterEnd} while it was going: a graceful stop's hand-over, or a second execution)";
    }

    private static List<string> Users(string prefix, int count) => [.. Enumerable.Range(1, count).Select(i => $"{prefix}-{i}")];

    private static string Goal(string what, bool met, string measured) => $"goal {what}: {(met ? "met" : "NOT met")} ({measured})";
}
