namespace AgentPlatform.Bench.Capacity;

/// <summary>The capacity benchmark's command line (see bench/README.md, "Capacity").</summary>
public sealed record CapacitySettings(
    int LatencyMs, IReadOnlyList<int> Rates, int Seconds, int Users, int Capacity, double Share, int Burst,
    int ScaleCapacity, int ScaleRate, int Flood, int Pool, int PlanSteps, int ToolsPerStep, IReadOnlySet<string> Phases)
{
    public static CapacitySettings From(BenchOptions o) => new(
        o.Int("latency", 2000), o.Ints("rates", [1, 5, 10, 20, 22, 25, 50]), o.Int("seconds", 30), o.Int("users", 50),
        o.Int("capacity", 1000), o.Int("share-percent", 25) / 100.0, o.Int("burst", 1000),
        o.Int("scale-capacity", 100), o.Int("scale-rate", 20), o.Int("flood", 300), o.Int("pool", 20),
        o.Int("plan-steps", 3), o.Int("tools-per-step", 2),
        o.String("phases", "load,burst,scaling,fairness").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal));

    /// <summary>Whether <c>--phases</c> (default all four: load, burst, scaling, fairness) includes this one.</summary>
    public bool Runs(string phase) => Phases.Contains(phase);

    /// <summary>Model calls per run: the plan, each step's tool calls and report, the final answer.</summary>
    public int ModelCalls => 1 + PlanSteps * (ToolsPerStep + 1) + 1;

    /// <summary>A run's duration at zero engine cost: its model calls back to back.</summary>
    public TimeSpan IdealRun => TimeSpan.FromMilliseconds(ModelCalls * (double)LatencyMs);

    /// <summary>The fixed run shape, steered through the simulated model's directives.</summary>
    public string Prompt(int n) =>
        $"Benchmark run {n} [[plan:{PlanSteps}]] " + string.Concat(Enumerable.Range(1, ToolsPerStep).Select(i => $"[[tool:pin_fact {{\"fact\": \"fact {i}\"}}]] "));
}
