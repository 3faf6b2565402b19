using System.Diagnostics;
using System.Globalization;

namespace AgentPlatform.Tests.Engine;

/// <summary>
/// Measurements with a bound each (see bench/README.md): how long a stop takes to end a run, and what the engine adds
/// per step around a model that answers at once. Results go to the test output and, when BENCH_OUT is set, to that file.
/// </summary>
[Collection(EngineCollection.Name)]
[Trait("Category", "Bench")]
public sealed class EngineBenchTests(EngineFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stop_to_stopped_latency_p95_is_under_a_second()
    {
        const int Runs = 15;
        var latencies = new List<double>();
        using var client = fixture.Client();
        for (var i = 0; i < Runs; i++)
        {
            var script = fixture.Model.Start(null, FakeLlmReply.ToolCall("slow", new { n = i }));
            var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Be slow"), taskType = "simple_query" }, _ct);
            await Poll.UntilAsync(() => Task.FromResult(fixture.Slow.CallsFor(created.Id())), c => c == 1, TimeSpan.FromSeconds(30), _ct);

            var stopwatch = Stopwatch.StartNew();
            await client.PostAsync($"/api/v1/sessions/{created.Id()}/stop", null, _ct);
            while ((await client.GetSessionAsync(created.Id(), _ct)).Status() != "stopped")
            {
                Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), "the run did not stop");
                await Task.Delay(10, _ct);
            }

            latencies.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        var (p50, p95) = (Percentile(latencies, 0.50), Percentile(latencies, 0.95));
        Report($"stop-to-stopped over {Runs} runs: p50 {p50:F0} ms, p95 {p95:F0} ms, max {latencies.Max():F0} ms");
        Assert.True(p95 < 1000, $"p95 {p95:F0} ms");
    }

    [Fact]
    public async Task Engine_overhead_per_step_with_a_zero_latency_model_is_small()
    {
        const int Steps = 40;
        var n = 0;
        var script = fixture.Model.Start(_ => Interlocked.Increment(ref n) <= Steps
            ? FakeLlmReply.ToolCall("counter", new { n })
            : FakeLlmReply.Answer("Counted."));
        using var client = fixture.Client();

        var stopwatch = Stopwatch.StartNew();
        var created = await client.CreateSessionAsync(new
        {
            prompt = script.Prompt("Count"), taskType = "simple_query", maxSteps = Steps + 5, tokenBudget = 2_000_000,
        }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed");
        stopwatch.Stop();

        Assert.Equal("completed", done.Status());
        var events = await client.EventsAsync(created.Id(), _ct);
        var started = events.OfType("run.started")[0].GetProperty("timestamp").GetDateTimeOffset();
        var ended = events.OfType("run.completed")[0].GetProperty("timestamp").GetDateTimeOffset();
        var perStep = (ended - started).TotalMilliseconds / (Steps + 1);
        Report($"engine overhead: {Steps} tool steps + answer in {(ended - started).TotalMilliseconds:F0} ms " +
               $"= {perStep:F1} ms per step (model call, tool call, 3 checkpoint transactions), {script.Requests.Count} model calls; " +
               $"end to end with queueing {stopwatch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(perStep < 250, $"{perStep:F1} ms per step");
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Ceiling(p * sorted.Count) - 1];
    }

    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        if (Environment.GetEnvironmentVariable("BENCH_OUT") is { Length: > 0 } path)
        {
            File.AppendAllText(path, $"{DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)} {line}\n");
        }
    }
}
