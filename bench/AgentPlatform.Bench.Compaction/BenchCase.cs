using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Bench.Compaction;

/// <summary>One transcript size: compacts it repeatedly (the pipeline's own time, summarizer excluded) and checks what survived.</summary>
internal sealed class BenchCase(TokenCounter tokens, CompactionOptions options, IMemorySummarizer summarizer)
{
    public const int Warmups = 5;
    public const int Iterations = 30;

    /// <summary>Sizes the transcripts: another counter, so the measured one has counted nothing yet.</summary>
    private static readonly TokenCounter Sizing = new();

    public async Task<BenchRow> RunAsync(int size, int targetTokens)
    {
        var (messages, pins) = TranscriptGenerator.Generate(size, Sizing);
        // The engine counts the prompt before it decides to compact; that count is not part of the compaction.
        var counting = Stopwatch.StartNew();
        var before = tokens.Count(messages);
        var countMs = counting.Elapsed.TotalMilliseconds;
        var pipeline = new MemoryCompactor(tokens, summarizer, Options.Create(options), NullLogger<MemoryCompactor>.Instance);
        var request = new CompactionRequest(messages, new HashSet<string> { MemoryMessageIds.Prompt(TranscriptGenerator.RunId) },
            targetTokens, [new PlanStep(1, "Read the code", PlanStepStatus.Completed), new PlanStep(2, "Report defects", PlanStepStatus.InProgress)],
            SummarizerBudget: int.MaxValue, SummarizerModel: null);
        CompactionResult result = null!;
        List<double> times = [];
        for (var i = 0; i < Warmups + Iterations; i++)
        {
            result = await pipeline.CompactAsync(request, CancellationToken.None);
            if (i >= Warmups)
            {
                times.Add(result.OwnTime.TotalMilliseconds);
            }
        }

        times.Sort();
        var text = string.Join('\n', result.Messages.SelectMany(m => m.Contents).Select(Text));
        var pinsKept = pins.Count(p => text.Contains(p, StringComparison.Ordinal));
        return new BenchRow(size, before, result.TokensAfter, result.Strategy, times[times.Count / 2], times[^1], pinsKept, pins.Count,
            RecentKept(messages, result.Messages, options.KeepRecentExchanges), result.Compacted, countMs);
    }

    /// <summary>Whether the last K exchanges of the original are the last messages of the result, the same instances in the same order.</summary>
    private static bool RecentKept(List<ChatMessage> original, IReadOnlyList<ChatMessage> compacted, int k)
    {
        var units = ConversationUnit.Split(original.Skip(1).ToList());
        var recent = units.Skip(ConversationUnit.RecentStart(units, k)).SelectMany(u => u.Messages).ToList();
        return recent.Count > 0 && compacted.Count >= recent.Count
            && compacted.Skip(compacted.Count - recent.Count).Zip(recent).All(p => ReferenceEquals(p.First, p.Second));
    }

    private static string Text(AIContent content) => content switch
    {
        TextContent t => t.Text,
        FunctionCallContent c => JsonSerializer.Serialize(c.Arguments, AIJsonUtilities.DefaultOptions),
        FunctionResultContent r => r.Result?.ToString() ?? "",
        _ => "",
    };
}
