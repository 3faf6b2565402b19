namespace AgentPlatform.Bench.Compaction;

/// <summary>A summarizer whose every summary is empty: the guard rejects it and the pipeline falls back to masking plus a sliding window.</summary>
internal sealed class EmptySummarizer : IMemorySummarizer
{
    public Task<MemorySummary> SummarizeAsync(string transcript, string? previousSummary, int maxTokens, string? model, CancellationToken cancellationToken) =>
        Task.FromResult(new MemorySummary("", 0, 0, Estimated: true));
}
