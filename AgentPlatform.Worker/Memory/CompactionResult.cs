namespace AgentPlatform.Worker.Memory;

/// <summary>
/// What a compaction did. <see cref="Compacted"/> is false when it could not shorten anything (the messages are then
/// unchanged); <see cref="SummarizerCall"/> is what a summarizer call cost either way, to be charged to the budget.
/// </summary>
public sealed record CompactionResult(
    bool Compacted,
    IReadOnlyList<ChatMessage> Messages,
    string Strategy,
    int TokensBefore,
    int TokensAfter,
    string? Summary,
    IReadOnlyList<string> ArchivedMessageIds,
    MemorySummary? SummarizerCall,
    string? SummaryRejected,
    TimeSpan OwnTime)
{
    public MemoryCompaction ToRecord(string trigger) =>
        new(Strategy, trigger, TokensBefore, TokensAfter, Summary, ArchivedMessageIds);
}
