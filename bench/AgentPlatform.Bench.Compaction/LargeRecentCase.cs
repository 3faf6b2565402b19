using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Bench.Compaction;

/// <summary>
/// One small window and a transcript of large recent exchanges: one compaction (summarizer time excluded), what it
/// saved, and whether it kept what it must: the prompt, the pinned facts, the latest exchange, every result with its call.
/// </summary>
internal sealed class LargeRecentCase(TokenCounter tokens, CompactionOptions options, IMemorySummarizer summarizer)
{
    public async Task<(int Before, int After, double SavedPercent, string Strategy, int Target, bool Kept)> RunAsync(int window, double fill)
    {
        var target = (int)(options.TargetRatio * window);
        var (messages, pins) = LargeRecentTranscript.Generate((int)(window * fill), new TokenCounter());
        var before = tokens.Count(messages);
        var prompt = MemoryMessageIds.Prompt(TranscriptGenerator.RunId);
        var pipeline = new MemoryCompactor(tokens, summarizer, Options.Create(options), NullLogger<MemoryCompactor>.Instance);
        var result = await pipeline.CompactAsync(new CompactionRequest(messages, new HashSet<string> { prompt }, target, [], int.MaxValue, null), CancellationToken.None);
        var text = string.Join('\n', result.Messages.SelectMany(m => m.Contents).Select(c => c is TextContent t ? t.Text : c is FunctionResultContent r ? r.Result?.ToString() : ""));
        var latest = messages[^1];
        var calls = result.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => c.CallId).ToHashSet();
        var kept = result.Messages.Any(m => m.MessageId == prompt)
            && pins.All(p => text.Contains(p, StringComparison.Ordinal))
            && ReferenceEquals(result.Messages[^1], latest)
            && result.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().All(r => calls.Contains(r.CallId));
        return (before, result.TokensAfter, 100.0 * (before - result.TokensAfter) / before, result.Strategy, target, kept);
    }
}
