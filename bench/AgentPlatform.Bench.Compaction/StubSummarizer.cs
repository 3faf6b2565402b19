namespace AgentPlatform.Bench.Compaction;

/// <summary>
/// The bench's summarizer: deterministic and in process, no model. It keeps the first words of each assistant line of
/// the transcript, up to about half the summary cap. Its time is excluded from the figures as a model call's would be.
/// </summary>
internal sealed class StubSummarizer : IMemorySummarizer
{
    public Task<MemorySummary> SummarizeAsync(string transcript, string? previousSummary, int maxTokens, string? model, CancellationToken cancellationToken)
    {
        var notes = transcript.Split("\n\n")
            .Where(p => p.StartsWith("assistant: ", StringComparison.Ordinal))
            .Select(p => "- " + string.Join(' ', p["assistant: ".Length..].Split(' ').Take(10)))
            .Distinct();
        var summary = string.Join('\n', notes);
        var limit = maxTokens * 2;
        var cut = summary.Length <= limit ? summary.Length : summary.LastIndexOf('\n', limit);
        var text = summary[..(cut > 0 ? cut : Math.Min(limit, summary.Length))];
        return Task.FromResult(new MemorySummary(text, 0, 0, Estimated: true));
    }
}
