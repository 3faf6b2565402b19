namespace AgentPlatform.Bench.Streams;

/// <summary>
/// What the benchmark wrote to one session: for each seq, when its append started, when its transaction had committed
/// and its Redis publish was issued, and in which load stage (Stopwatch timestamps; 0 = not written).
/// </summary>
public sealed class SessionLog(Guid id, long firstSeq, int capacity)
{
    public Guid Id { get; } = id;

    /// <summary>The last seq before the benchmark's appends (session.created, run.queued): subscribers start after it.</summary>
    public long FirstSeq { get; } = firstSeq;

    public long LastSeq { get; set; } = firstSeq;

    public long[] AppendStarted { get; } = new long[capacity];

    public long[] Published { get; } = new long[capacity];

    /// <summary>The stage each seq was appended in; -1 for the warm-up.</summary>
    public int[] Stage { get; } = new int[capacity];
}
