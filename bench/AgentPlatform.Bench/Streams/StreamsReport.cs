namespace AgentPlatform.Bench.Streams;

/// <summary>Prints the stages, the delivery check, the goal line and the ratios to bare Redis.</summary>
public static class StreamsReport
{
    private const double GoalP99Ms = 50;
    private const int GoalSubscribers = 1000;

    public static void Print(
        IReadOnlyList<StageFigures> stages, IReadOnlyList<double> redis, DeliveryCheck check, bool drained, int subscribers, long rssAfterLoadKiB)
    {
        var (redisP50, redisP99) = (Percentiles.Median(redis), Percentiles.Of(redis, 0.99));
        Console.WriteLine();
        Console.WriteLine($"latency to {subscribers:N0} subscribers, ms (append = from the append's start: PostgreSQL transaction, publish, fan-out, transport, client parse;");
        Console.WriteLine("  publish = from the commit and the publish being issued; write = the append itself, append start to publish issued, per event):");
        Console.WriteLine("offered/s appended/s delivered/s  delivered   append p50   p99   max | publish p50   p99 | write p50   p99 | Redis p50   p99 | ×Redis p50  p99");
        foreach (var s in stages)
        {
            var a = s.AppendToClient;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Window.OfferedPerSecond,9} {s.AppendedPerSecond,10:F0} {s.DeliveredPerSecond,11:F0} {Share(s),10} " +
                $"{P(a, 0.5),12:F1} {P(a, 0.99),5:F1} {Max(a),5:F0} | {P(s.PublishToClient, 0.5),11:F1} {P(s.PublishToClient, 0.99),5:F1} | " +
                $"{P(s.AppendToPublish, 0.5),9:F1} {P(s.AppendToPublish, 0.99),5:F1} | {P(s.Redis, 0.5),9:F2} {P(s.Redis, 0.99),5:F2} | " +
                $"{P(a, 0.5) / P(s.Redis, 0.5),10:F0} {P(a, 0.99) / P(s.Redis, 0.99),4:F0}"));
        }

        Console.WriteLine("  Redis: the bare Redis round trip, measured every 5 ms during the same stage; ×Redis: append-to-client p50 and p99 divided by it.");
        Console.WriteLine($"  Against the round trip with no load (p50 {redisP50:F2} ms, p99 {redisP99:F2} ms): " +
                          string.Join(", ", stages.Select(s => $"{s.Window.OfferedPerSecond}/s ×{P(s.AppendToClient, 0.5) / redisP50:F0} p50, ×{P(s.AppendToClient, 0.99) / redisP99:F0} p99")));
        Console.WriteLine("CPU during each stage, share of all cores (other processes: the rest of the machine, e.g. other builds):");
        foreach (var s in stages)
        {
            var (before, after) = s.Window.Cpu;
            Console.WriteLine($"{s.Window.OfferedPerSecond,9}/s: {CpuSample.Between(before, after)}; " +
                              (s.Delivered > 0 ? $"Api CPU {CpuSample.ApiMilliseconds(before, after) * 1000 / s.Delivered:F0} ms per 1,000 deliveries" : "nothing delivered"));
        }

        Console.WriteLine($"Api resident memory after the load: {rssAfterLoadKiB / 1024.0:F0} MiB");
        Console.WriteLine(check.Passed && drained
            ? $"delivery check: each of the {check.Subscribers:N0} subscribers received every seq of its session written after it subscribed, once and in order: OK"
            : $"delivery check: FAILED{(drained ? "" : " (not every subscriber had its session's last seq 20 s after the load)")}: {check.Missing} missing, " +
              $"{check.Repeated} repeated, {check.OutOfOrder} out of order, {check.Unexpected} unexpected, {check.Ended} streams ended; first: {check.FirstProblem}");

        var met = stages.Where(s => s.Delivered == s.Expected && P(s.AppendToClient, 0.99) < GoalP99Ms).ToList();
        var scope = subscribers >= GoalSubscribers ? $"at {subscribers:N0} subscribers" : $"(only {subscribers:N0} subscribers: the goal is for {GoalSubscribers:N0})";
        foreach (var s in stages)
        {
            Console.WriteLine($"goal p99 < {GoalP99Ms:F0} ms {scope}, offered {s.Window.OfferedPerSecond} appends/s ({s.DeliveredPerSecond:F0} delivered/s): " +
                              (met.Contains(s) ? "met" : "NOT met") + $" (p99 {P(s.AppendToClient, 0.99):F1} ms)");
        }

        var missedBelow = met.Count > 0 ? stages.Where(s => !met.Contains(s) && s.Window.OfferedPerSecond < met.Max(m => m.Window.OfferedPerSecond)).ToList() : [];
        Console.WriteLine(met.Count > 0
            ? $"sustained: {met.Max(s => s.DeliveredPerSecond):F0} events/s delivered with every event delivered and p99 under {GoalP99Ms:F0} ms (the highest stage that met it" +
              (missedBelow.Count > 0 ? $"; lower stages that did not: {string.Join(", ", missedBelow.Select(s => $"{s.Window.OfferedPerSecond}/s"))})" : ")")
            : $"sustained: no stage delivered every event with p99 under {GoalP99Ms:F0} ms");
        var complete = stages.Where(s => s.Delivered == s.Expected).ToList();
        Console.WriteLine(complete.Count > 0
            ? $"highest rate with every event delivered (any latency): {complete.Max(s => s.DeliveredPerSecond):F0} events/s"
            : "no stage delivered every event");
    }

    private static string Share(StageFigures s) => s.Delivered == s.Expected ? $"{s.Delivered:N0}" : $"{s.Delivered:N0}/{s.Expected:N0}";

    private static double P(IReadOnlyCollection<double> values, double p) => values.Count == 0 ? double.NaN : Percentiles.Of(values, p);

    private static double Max(IReadOnlyCollection<double> values) => values.Count == 0 ? double.NaN : values.Max();
}
