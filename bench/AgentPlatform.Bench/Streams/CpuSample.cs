namespace AgentPlatform.Bench.Streams;

/// <summary>
/// CPU time so far, in clock ticks (1/100 s): the whole machine's busy and total time from /proc/stat (all cores),
/// the Api process's from /proc/&lt;pid&gt;/stat, and this process's (subscribers and writer).
/// </summary>
public readonly record struct CpuSample(long MachineBusy, long MachineTotal, long Api, long Bench)
{
    private const double TicksPerSecond = 100;

    public static CpuSample Take(int apiPid)
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var idle = cpu[3] + cpu[4];
        // Fields after the command name: state is field 3, utime field 14, stime field 15.
        var stat = File.ReadAllText($"/proc/{apiPid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var api = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        var bench = (long)(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds * TicksPerSecond);
        return new CpuSample(cpu.Sum() - idle, cpu.Sum(), api, bench);
    }

    /// <summary>How the machine's CPU was shared between two samples, as percentages of all its cores.</summary>
    public static string Between(CpuSample from, CpuSample to)
    {
        var total = (double)(to.MachineTotal - from.MachineTotal);
        var (busy, api, bench) = (to.MachineBusy - from.MachineBusy, to.Api - from.Api, to.Bench - from.Bench);
        return total <= 0
            ? "?"
            : string.Create(CultureInfo.InvariantCulture,
                $"Api {100 * api / total:F0}%, benchmark {100 * bench / total:F0}%, rest {100 * Math.Max(0, busy - api - bench) / total:F0}%, idle {100 * (total - busy) / total:F0}%");
    }
}
