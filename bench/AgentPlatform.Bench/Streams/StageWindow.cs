namespace AgentPlatform.Bench.Streams;

/// <summary>One load stage as run: its offered append rate, when it ran (Stopwatch timestamps), how many events it appended.</summary>
public sealed record StageWindow(int Index, int OfferedPerSecond, long StartedAt, long PlannedEnd, int Appended)
{
    /// <summary>How the machine's CPU was shared during the stage (<see cref="CpuSample.Between"/>).</summary>
    public string Cpu { get; init; } = "?";

    public double Seconds => (double)(PlannedEnd - StartedAt) / Stopwatch.Frequency;
}
