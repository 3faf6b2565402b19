namespace AgentPlatform.Bench.Capacity;

/// <summary>
/// One load stage's figures. Throughput is measured in the window where the load is steady (from one ideal run
/// duration after the stage began to its end), or, for a stage shorter than a run, over the stage's whole span; the
/// ideal is the mean concurrency in that window divided by the ideal run duration (Little's law at zero engine cost).
/// </summary>
public sealed record StageFigures(
    double Offered, int Runs, int Unfinished, double StartedPerSecond, double CompletedPerSecond, double MeanActive, int MaxActive,
    double Ideal, double P50, double P99, double Max, double CpuMsPerStep, double ResidentKiBPerRun, int MaxConnections, int MaxBusyConnections)
{
    public double Ratio => Ideal > 0 ? CompletedPerSecond / Ideal : double.NaN;

    public static StageFigures Compute(double offered, DateTimeOffset start, TimeSpan length, TimeSpan idealRun,
        IReadOnlyList<RunTimes> runs, IReadOnlyList<WorkerSample> samples, WorkerSample before)
    {
        var end = start + length;
        var done = runs.Where(r => r.Completed is not null).ToList();
        var lastDone = done.Count > 0 ? done.Max(r => r.Completed!.Value) : end;
        var steadyFrom = start + idealRun;
        double completedPerSecond;
        IReadOnlyList<WorkerSample> window;
        if (steadyFrom + TimeSpan.FromSeconds(2) < end)
        {
            window = [.. samples.Where(s => s.At >= steadyFrom && s.At <= end)];
            completedPerSecond = done.Count(r => r.Completed >= steadyFrom && r.Completed <= end) / (end - steadyFrom).TotalSeconds;
        }
        else
        {
            var first = runs.Where(r => r.Started is not null).Select(r => r.Started!.Value).DefaultIfEmpty(start).Min();
            window = [.. samples.Where(s => s.At >= first && s.At <= lastDone)];
            completedPerSecond = done.Count / Math.Max(0.001, (lastDone - first).TotalSeconds);
        }

        var meanActive = window.Count > 0 ? window.Average(s => s.Active) : 0;
        var queue = runs.Where(r => r.Started is not null).Select(r => r.QueueMs).ToList();
        var all = samples.Where(s => s.At >= start && s.At <= lastDone + TimeSpan.FromSeconds(1)).ToList();
        var maxActive = all.Count > 0 ? all.Max(s => s.Active) : 0;
        var steps = runs.Sum(r => r.Steps);
        var cpuMs = all.Count > 0 ? (all[^1].CpuTicks - before.CpuTicks) * 10.0 : double.NaN;
        var rss = all.Count > 0 && maxActive > 0 ? (all.Max(s => s.ResidentKiB) - before.ResidentKiB) / (double)maxActive : double.NaN;
        return new StageFigures(offered, runs.Count, runs.Count - done.Count,
            runs.Count(r => r.Started >= start && r.Started <= end) / length.TotalSeconds, completedPerSecond, meanActive, maxActive,
            meanActive / idealRun.TotalSeconds,
            queue.Count > 0 ? Percentiles.Median(queue) : double.NaN, queue.Count > 0 ? Percentiles.Of(queue, 0.99) : double.NaN,
            queue.Count > 0 ? queue.Max() : double.NaN, steps > 0 ? cpuMs / steps : double.NaN, rss,
            all.Count > 0 ? all.Max(s => s.Connections) : 0, all.Count > 0 ? all.Max(s => s.BusyConnections) : 0);
    }
}
