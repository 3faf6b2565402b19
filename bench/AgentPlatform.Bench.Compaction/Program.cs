using System.Globalization;
using AgentPlatform.Bench.Compaction;

// Compaction benchmark: fixed, generated transcripts from 2x to 20x the compaction threshold. See NOTES-compaction.md.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
const int threshold = 5_000;
var options = new CompactionOptions();
var limit = (int)(threshold / options.ThresholdRatio);
var target = (int)(options.TargetRatio * limit);
var tokens = new TokenCounter();
Console.WriteLine($"Threshold {threshold} tokens ({options.ThresholdRatio:P0} of a limit of {limit}); target {target}; K = {options.KeepRecentExchanges}; " +
    $"summary cap {options.MaxSummaryTokens}; {BenchCase.Iterations} timed compactions per size after {BenchCase.Warmups} warm-ups.");
Console.WriteLine("Summarizer: a deterministic in-process stub (no model); its time is excluded, as a model call's is.");
Console.WriteLine("Own time: the pipeline (split, mask, render, summary checks, new messages counted) on messages the engine has already");
Console.WriteLine("counted for the call; 'first count' is that count from scratch (tokenizer, once per message), not part of compaction.");
List<BenchRow> rows = [];
foreach (var (title, summarizer) in new (string, IMemorySummarizer)[] { ("summary accepted", new StubSummarizer()), ("summary rejected: mask + sliding window", new EmptySummarizer()) })
{
    Console.WriteLine();
    Console.WriteLine($"## {title}");
    Console.WriteLine("| size | tokens before | tokens after | saved | strategy | own time p50 | own time max | pinned kept | last K kept | first count |");
    Console.WriteLine("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- | ---: |");
    foreach (var multiple in new[] { 2, 3, 5, 10, 20 })
    {
        var row = await new BenchCase(tokens, options, summarizer).RunAsync(multiple * threshold, target);
        rows.Add(row);
        Console.WriteLine($"| {multiple}x | {row.TokensBefore} | {row.TokensAfter} | {row.SavedPercent:F1}% | {row.Strategy} | {row.MedianMs:F2} ms | " +
            $"{row.MaxMs:F2} ms | {row.PinsKept}/{row.Pins} | {(row.RecentKept ? "yes" : "NO")} | {row.FirstCountMs:F1} ms |");
    }
}

// Large recent exchanges in small windows: the last K exchanges alone exceed the target, so compaction works inside them.
var smallSaved = double.MaxValue;
var smallKept = true;
foreach (var (title, summarizer) in new (string, IMemorySummarizer)[] { ("summary accepted", new StubSummarizer()), ("summary rejected", new EmptySummarizer()) })
{
    Console.WriteLine();
    Console.WriteLine($"## large recent exchanges (~700-token answers, long tool outputs in the last turns), {title}");
    Console.WriteLine("| window | transcript | tokens before | target | tokens after | saved | strategy | prompt, pins, latest exchange, pairs kept |");
    Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
    foreach (var window in new[] { 4_000, 8_000 })
    {
        foreach (var fill in new[] { 0.8, 1.0, 1.5 })
        {
            var r = await new LargeRecentCase(tokens, options, summarizer).RunAsync(window, fill);
            smallSaved = Math.Min(smallSaved, r.SavedPercent);
            smallKept &= r.Kept;
            Console.WriteLine($"| {window} | {fill:P0} of it | {r.Before} | {r.Target} | {r.After} | {r.SavedPercent:F1}% | {r.Strategy} | {(r.Kept ? "yes" : "NO")} |");
        }
    }
}

var largest = rows.Where(r => r.Size == 20 * threshold).Max(r => r.MedianMs);
var saved = rows.Min(r => r.SavedPercent);
var pinned = rows.All(r => r.PinsKept == r.Pins);
var recent = rows.All(r => r.RecentKept);
Console.WriteLine();
Console.WriteLine($"Goals: >=60% saved at >=2x threshold: {(saved >= 60 ? "met" : "NOT met")} (lowest {saved:F1}%); " +
    $"100% pinned kept: {(pinned ? "met" : "NOT met")}; last K kept: {(recent ? "met" : "NOT met")}; " +
    $"<5 ms own time at 100k tokens: {(largest < 5 ? "met" : "NOT met")} (p50 {largest:F2} ms).");
Console.WriteLine($"Large recent exchanges at 4k and 8k windows: >=60% saved: {(smallSaved >= 60 ? "met" : "NOT met")} (lowest {smallSaved:F1}%); " +
    $"prompt, pins, latest exchange and call/result pairs kept: {(smallKept ? "met" : "NOT met")}.");
return saved >= 60 && pinned && recent && largest < 5 && smallSaved >= 60 && smallKept ? 0 : 1;
