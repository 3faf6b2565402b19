namespace AgentPlatform.Bench.Streams;

/// <summary>One load stage as run: its offered append rate, when it ran (Stopwatch timestamps), how many events it appended.</summary>
public sealed record StageWindow(int Index, int OfferedPerSecond, long StartedAt, long PlannedEnd, int Appended)
{
    /// <summary>CPU time before and after the stage.</summary>
    public (CpuSample Before, CpuSample After) Cpu { get; init; }

    public double Seconds => (double)(PlannedEnd - StartedAt) / Stopwatch.Frequency;
}
