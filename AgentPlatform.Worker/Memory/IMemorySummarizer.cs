namespace AgentPlatform.Worker.Memory;

/// <summary>Writes the summary of the older part of a conversation (the model call is the only part of compaction not timed as ours).</summary>
public interface IMemorySummarizer
{
    /// <param name="transcript">The older messages as text, tool outputs already masked.</param>
    /// <param name="previousSummary">The summary an earlier compaction wrote, which the new one replaces.</param>
    Task<MemorySummary> SummarizeAsync(string transcript, string? previousSummary, int maxTokens, string? model, CancellationToken cancellationToken);
}
