namespace AgentPlatform.Core.Domain;

/// <summary>The <c>strategy</c> values of <c>memory.compacted</c>.</summary>
public static class MemoryStrategies
{
    /// <summary>The run's prompt was normalized (whitespace, duplicated lines) before the first model call.</summary>
    public const string Normalize = "normalize";

    /// <summary>Old tool outputs were replaced by a stub pointing at the archived original; that was enough.</summary>
    public const string Mask = "mask";

    /// <summary>Masking, then the older part of the conversation was replaced by the summarizer's summary.</summary>
    public const string Summarize = "summarize";

    /// <summary>The summary was rejected or unaffordable: masking, then only the most recent exchanges were kept.</summary>
    public const string SlidingWindow = "mask_sliding_window";

    /// <summary>
    /// Nothing older than the last K exchanges could go, so compaction went on inside them: their tool outputs masked,
    /// their long assistant text trimmed, fewer of them kept (the latest one, the prompt and the pinned facts always stay).
    /// The other strategies do this too when the older part alone was not enough.
    /// </summary>
    public const string TrimRecent = "trim_recent";
}
