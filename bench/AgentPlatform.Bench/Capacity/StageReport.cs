namespace AgentPlatform.Bench.Capacity;

/// <summary>Prints the load stages as a table.</summary>
public static class StageReport
{
    public static void PrintHeader()
    {
        Console.WriteLine("offered/s  runs  started/s completed/s  concurrency mean/max  ideal/s  ratio | queue ms p50    p99    max | CPU ms/step  RSS KiB/run | PG conns max (busy)");
    }

    public static void Print(StageFigures f) => Console.WriteLine(
        string.Create(CultureInfo.InvariantCulture,
            $"{f.Offered,9:F0} {f.Runs,5} {f.StartedPerSecond,10:F2} {f.CompletedPerSecond,11:F2} {f.MeanActive,14:F1} / {f.MaxActive,-5} {f.Ideal,8:F2} {f.Ratio,6:F3} | ") +
        string.Create(CultureInfo.InvariantCulture,
            $"{f.P50,12:F1} {f.P99,6:F1} {f.Max,6:F1} | {f.CpuMsPerStep,11:F2} {f.ResidentKiBPerRun,12:F0} | {f.MaxConnections,7} ({f.MaxBusyConnections})") +
        (f.Unfinished > 0 ? $"  ({f.Unfinished} unfinished)" : ""));
}
