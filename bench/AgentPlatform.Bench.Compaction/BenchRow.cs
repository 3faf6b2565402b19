namespace AgentPlatform.Bench.Compaction;

/// <summary>The figures of one transcript size. <see cref="FirstCountMs"/>: tokenizing the transcript from scratch, which the engine does before it decides to compact (not part of the compaction).</summary>
internal sealed record BenchRow(
    int Size, int TokensBefore, int TokensAfter, string Strategy, double MedianMs, double MaxMs, int PinsKept, int Pins, bool RecentKept, bool Compacted,
    double FirstCountMs)
{
    public double SavedPercent => 100.0 * (TokensBefore - TokensAfter) / TokensBefore;
}
