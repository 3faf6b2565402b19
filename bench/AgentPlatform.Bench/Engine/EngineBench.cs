using AgentPlatform.Worker.Telemetry;

namespace AgentPlatform.Bench.Engine;

/// <summary>
/// Issue #4's two figures, with the Api and a Worker in this process on a real PostgreSQL and Redis:
/// the engine's overhead per step with a model that answers at once (split into PostgreSQL time and the rest, from
/// the run's own spans), and stop-to-stopped latency (POST /stop until GET shows <c>stopped</c>).
/// </summary>
public static class EngineBench
{
    private const string Database = "bench_engine";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchOptions(args);
        var (steps, runs, stops) = (options.Int("steps", 40), options.Int("runs", 5), options.Int("stops", 20));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var ct = timeout.Token;
        using var spans = new SpanRecorder();
        using var commits = new CommitRecorder();
        await using var infrastructure = new LocalInfrastructure();
        await infrastructure.InitializeAsync();
        var tick = new BenchTool("tick", waits: false);
        var wait = new BenchTool("wait", waits: true);
        await using var api = new BenchApi(infrastructure, Database);
        _ = api.Server; // migrates the database before the Worker starts, as in the AppHost
        await using var worker = new BenchWorker(infrastructure, Database, new InstantModel(), [tick, wait]);
        _ = worker.Server;
        using var client = api.ClientFor("bench");

        Console.WriteLine($"# engine benchmark, {Environment.ProcessorCount} cores, {BuildConfiguration}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        await RunStepsAsync(client, spans, commits, 5, ct); // warm-up: JIT, connection pools, tokenizer
        List<StepCost> costs = [];
        for (var i = 0; i < runs; i++)
        {
            costs.Add(await RunStepsAsync(client, spans, commits, steps, ct));
        }

        var perStep = costs.Select(c => c.PerStepMs).ToList();
        var db = costs.Select(c => c.DatabasePerStepMs).ToList();
        var own = costs.Select(c => c.OwnPerStepMs).ToList();
        Console.WriteLine($"engine per step ({runs} runs of {steps} tool steps + answer, zero-latency model in process):");
        Console.WriteLine($"  total        median {Percentiles.Median(perStep):F2} ms  (min {perStep.Min():F2}, max {perStep.Max():F2})");
        Console.WriteLine($"  PostgreSQL   median {Percentiles.Median(db):F2} ms  ({costs[0].DatabaseCallsPerStep:F1} round trips a step: commands and commits of checkpoints and events)");
        Console.WriteLine($"  engine own   median {Percentiles.Median(own):F2} ms  (total minus PostgreSQL; goal < 5 ms: {(Percentiles.Median(own) < 5 ? "met" : "NOT met")})");
        Console.WriteLine($"    of which   model-call layers {Percentiles.Median(costs.Select(c => c.ModelLayerMs).ToList()):F2} ms (M.E.AI logging and OpenTelemetry around the instant model), " +
                          $"tool layer {Percentiles.Median(costs.Select(c => c.ToolLayerMs).ToList()):F2} ms (registry, breaker, timeout)");

        List<double> latencies = [];
        for (var i = 0; i < stops; i++)
        {
            latencies.Add(await StopAsync(client, wait, ct));
        }

        var p95 = Percentiles.Of(latencies, 0.95);
        Console.WriteLine($"stop to stopped ({stops} runs, each stopped while in a tool call):");
        Console.WriteLine($"  p50 {Percentiles.Median(latencies):F1} ms, p95 {p95:F1} ms, max {latencies.Max():F1} ms  (goal p95 < 1000 ms: {(p95 < 1000 ? "met" : "NOT met")})");
        return 0;
    }

    private static async Task<StepCost> RunStepsAsync(HttpClient client, SpanRecorder spans, CommitRecorder commits, int steps, CancellationToken ct)
    {
        spans.Clear();
        var id = await client.CreateAsync(new { prompt = $"steps {steps}", taskType = "simple_query", maxSteps = steps + 5, tokenBudget = 1_000_000 }, ct);
        var status = await client.WaitForAsync(id, TimeSpan.FromMilliseconds(20), ct, "completed", "incomplete", "failed", "stopped");
        if (status != "completed")
        {
            throw new InvalidOperationException($"The benchmark run ended {status}.");
        }

        // The job's span ends just after the run's final state is committed.
        Activity? job;
        while ((job = spans.Find(s => s.Kind == ActivityKind.Consumer && s.GetTagItem(WorkerTelemetry.SessionIdTag) as string == id.ToString())) is null)
        {
            await Task.Delay(5, ct);
        }

        var below = spans.DescendantsOf(job);
        var modelCalls = below.Count(s => s.OperationName.StartsWith("chat", StringComparison.Ordinal));
        if (modelCalls != steps + 1)
        {
            throw new InvalidOperationException($"Expected {steps + 1} model calls, the trace shows {modelCalls}.");
        }

        var database = below.Where(s => s.Source.Name == "Npgsql").ToList();
        var committed = commits.In(job.TraceId);
        var dbMs = database.Sum(s => s.Duration.TotalMilliseconds) + committed.Total.TotalMilliseconds;
        var totalMs = job.Duration.TotalMilliseconds;
        var modelMs = below.Where(s => s.OperationName.StartsWith("chat", StringComparison.Ordinal)).Sum(s => s.Duration.TotalMilliseconds);
        var toolMs = below.Where(s => s.OperationName.StartsWith("execute_tool", StringComparison.Ordinal)).Sum(s => s.Duration.TotalMilliseconds);
        return new StepCost(totalMs / modelCalls, dbMs / modelCalls, (totalMs - dbMs) / modelCalls, (double)(database.Count + committed.Count) / modelCalls,
            modelMs / modelCalls, toolMs / modelCalls);
    }

    private static async Task<double> StopAsync(HttpClient client, BenchTool wait, CancellationToken ct)
    {
        var id = await client.CreateAsync(new { prompt = "wait", taskType = "simple_query" }, ct);
        await wait.CalledIn(id).WaitAsync(TimeSpan.FromSeconds(30), ct);
        var stopwatch = Stopwatch.StartNew();
        await client.StopAsync(id, ct);
        await client.WaitForAsync(id, TimeSpan.FromMilliseconds(2), ct, "stopped");
        return stopwatch.Elapsed.TotalMilliseconds;
    }

#if DEBUG
    private const string BuildConfiguration = "Debug build";
#else
    private const string BuildConfiguration = "Release build";
#endif

    private sealed record StepCost(
        double PerStepMs, double DatabasePerStepMs, double OwnPerStepMs, double DatabaseCallsPerStep, double ModelLayerMs, double ToolLayerMs);
}
