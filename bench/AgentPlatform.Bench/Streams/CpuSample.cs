namespace AgentPlatform.Bench.Streams;

/// <summary>
/// CPU time so far, in clock ticks (1/100 s): the whole machine's busy and total time from /proc/stat (all cores),
/// the Api process's from /proc/&lt;pid&gt;/stat, this process's (subscribers and writer), and that of this process's
/// other descendants: the PostgreSQL and redis-server it started (a process that exited between two samples is missed).
/// </summary>
public readonly record struct CpuSample(long MachineBusy, long MachineTotal, long Api, long Bench, long Infrastructure)
{
    private const double TicksPerSecond = 100;

    public static CpuSample Take(int apiPid)
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var idle = cpu[3] + cpu[4];
        var processes = Processes();
        var bench = (long)(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds * TicksPerSecond);
        var infrastructure = processes.Values.Where(p => p.Pid != apiPid && IsBelow(p, Environment.ProcessId, apiPid, processes)).Sum(p => p.Ticks);
        return new CpuSample(cpu.Sum() - idle, cpu.Sum(), processes.TryGetValue(apiPid, out var api) ? api.Ticks : 0, bench, infrastructure);
    }

    /// <summary>Every process now: its parent and its CPU time (utime + stime).</summary>
    private static Dictionary<int, (int Pid, int Parent, long Ticks)> Processes()
    {
        var found = new Dictionary<int, (int, int, long)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException)
            {
                continue; // The process exited while the list was read.
            }

            // Fields after the command name: state is field 3, ppid field 4, utime field 14, stime field 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            found[pid] = (pid, int.Parse(fields[1], CultureInfo.InvariantCulture),
                long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
        }

        return found;
    }

    private static bool IsBelow((int Pid, int Parent, long Ticks) process, int ancestor, int excluded, Dictionary<int, (int Pid, int Parent, long Ticks)> all)
    {
        for (var parent = process.Parent; parent > 1 && parent != excluded; parent = all.TryGetValue(parent, out var p) ? p.Parent : 0)
        {
            if (parent == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The Api's CPU time between two samples, in milliseconds.</summary>
    public static double ApiMilliseconds(CpuSample from, CpuSample to) => (to.Api - from.Api) * 1000 / TicksPerSecond;

    /// <summary>How the machine's CPU was shared between two samples, as percentages of all its cores.</summary>
    public static string Between(CpuSample from, CpuSample to)
    {
        var total = (double)(to.MachineTotal - from.MachineTotal);
        var (busy, api, bench, infrastructure) = (to.MachineBusy - from.MachineBusy, to.Api - from.Api, to.Bench - from.Bench, to.Infrastructure - from.Infrastructure);
        if (total <= 0)
        {
            return "?";
        }

        var ours = string.Create(CultureInfo.InvariantCulture,
            $"Api {100 * api / total:F0}%, benchmark {100 * bench / total:F0}%, its PostgreSQL + Redis {100 * infrastructure / total:F0}%, ");
        // The machine's counters are sampled per tick, the processes' are not: on this VM they do not always agree.
        return ours + (busy >= api + bench + infrastructure
            ? string.Create(CultureInfo.InvariantCulture, $"other processes {100 * (busy - api - bench - infrastructure) / total:F0}%, idle {100 * (total - busy) / total:F0}%")
            : string.Create(CultureInfo.InvariantCulture, $"rest unknown (/proc/stat counted only {100 * busy / total:F0}% busy, less than these processes used)"));
    }
}
