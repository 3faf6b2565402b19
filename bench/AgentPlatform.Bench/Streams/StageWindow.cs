namespace AgentPlatform.Bench.Streams;

/// <summary>One load stage as run: its offered append rate, when it ran (Stopwatch timestamps) and how many events it appended.</summary>
public sealed record StageWindow(int Index, int OfferedPerSecond, long StartedAt, long PlannedEnd, int Appended)
{
    public double Seconds => (double)(PlannedEnd - StartedAt) / Stopwatch.Frequency;
}
