using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Memory;

/// <summary>
/// The compaction pipeline, cheap steps first: (1) mask older tool outputs; if that reaches the target, stop. (2) Have
/// the summarizer replace the older part with a summary, keeping verbatim the system prompt, the current prompt, the
/// plan with its statuses, the pinned facts and the last K exchanges. (3) When the summary is rejected, fails or is not
/// affordable: masking plus a sliding window (the older part is dropped; the memory block keeps plan and pins).
/// (4) When the result still exceeds the target because the last K exchanges alone do, <see cref="RecentCompactor"/>
/// goes on inside them. Units (a tool call with its results) are kept or dropped whole. It runs once per request and
/// never calls itself.
/// </summary>
public sealed class MemoryCompactor(TokenCounter tokens, IMemorySummarizer summarizer, IOptions<CompactionOptions> options, ILogger<MemoryCompactor> logger)
{
    private readonly CompactionOptions _options = options.Value;
    private readonly ToolOutputMasker _masker = new(tokens, options.Value);
    private readonly RecentCompactor _recent = new(tokens, options.Value);

    public async Task<CompactionResult> CompactAsync(CompactionRequest request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var external = TimeSpan.Zero;
        var messages = request.Messages;
        var before = tokens.Count(messages);
        var head = messages.Count > 0 && messages[0].Role == ChatRole.System ? messages[0] : null;
        var rest = messages.Skip(head is null ? 0 : 1).ToList();
        var previous = rest.Select(MemoryBlock.Of).LastOrDefault(b => b is not null);
        var body = rest.Where(m => MemoryBlock.Of(m) is null).ToList();
        var units = ConversationUnit.Split(body);
        var recentStart = ConversationUnit.RecentStart(units, _options.KeepRecentExchanges);
        var older = units.Take(recentStart).SelectMany(u => u.Messages).ToList();
        var recent = units.Skip(recentStart).SelectMany(u => u.Messages).ToList();
        var isProtected = (ChatMessage m) => m.MessageId is { } id && request.ProtectedIds.Contains(id);
        var kept = older.Where(isProtected).ToList();
        var compactable = older.Where(m => !isProtected(m)).ToList();
        if (compactable.Count == 0)
        {
            return Done([.. messages], MemoryStrategies.TrimRecent, before, before, previous?.Summary, [], null, null);
        }

        var pins = PinnedFacts.Collect(messages);
        var plan = request.Plan.Count > 0 ? request.Plan : previous?.Plan ?? [];

        // 1. Mask older tool outputs.
        var masked = older.Select(m => isProtected(m) ? m : _masker.Mask(m)).ToList();
        var maskedIds = older.Zip(masked).Where(p => !ReferenceEquals(p.First, p.Second)).Select(p => p.First.MessageId ?? "").ToList();
        var block = previous is null ? null : (previous with { Plan = plan, Pins = pins }).ToMessage();
        List<ChatMessage> masking = [.. Head(head), .. Head(block), .. masked, .. recent];
        var stubs = masked.Where((m, i) => !ReferenceEquals(m, older[i])).ToHashSet();
        // Tokenizing the new stubs is most of this step's cost: only when the messages already counted leave room.
        if (stubs.Count > 0 && masking.Where(m => !stubs.Contains(m)).Sum(tokens.Count) + stubs.Count * MinStubTokens <= request.TargetTokens)
        {
            var afterMasking = tokens.Count(masking);
            if (afterMasking <= request.TargetTokens)
            {
                return Done(masking, MemoryStrategies.Mask, before, afterMasking, previous?.Summary, maskedIds, null, null);
            }
        }

        // 2. Summarize the older part (its masked form: cheaper, and the stubs point at the originals).
        var toSummarize = masked.Where(m => !isProtected(m)).ToList();
        var transcript = Transcript.Render(toSummarize);
        // Priced from the messages' counts (already known) rather than by tokenizing the transcript again.
        var replaced = toSummarize.Sum(m => stubs.Contains(m) ? TokenCounter.PerMessageOverhead + StubResultTokens(m) : tokens.Count(m));
        var price = replaced + tokens.Count(ChatClientSummarizer.Instructions) + tokens.Count(previous?.Summary)
            + 2 * TokenCounter.PerMessageOverhead + _options.MaxSummaryTokens;
        MemorySummary? call = null;
        string? rejected;
        if (price > request.SummarizerBudget)
        {
            rejected = "unaffordable";
        }
        else
        {
            var started = clock.Elapsed;
            try
            {
                call = await summarizer.SummarizeAsync(transcript, previous?.Summary, _options.MaxSummaryTokens, request.SummarizerModel, cancellationToken);
                rejected = SummaryGuard.Reject(call.Text, tokens.Count(call.Text), _options.MaxSummaryTokens, replaced, previous?.Summary);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                MemoryLog.SummarizerFailed(logger, ex);
                rejected = "failed";
            }

            external = clock.Elapsed - started;
        }

        var archived = compactable.Select(m => m.MessageId ?? "").ToList();
        if (rejected is null)
        {
            List<ChatMessage> summarized = [.. Head(head), new MemoryBlock(call!.Text.Trim(), plan, pins).ToMessage(), .. kept, .. recent];
            return Done(summarized, MemoryStrategies.Summarize, before, tokens.Count(summarized), call.Text.Trim(), archived, call, null);
        }

        // 3. Fall back: masking plus a sliding window. The last accepted summary (if any) stays; the rest of the older part goes.
        MemoryLog.SummaryRejected(logger, rejected);
        List<ChatMessage> window = [.. Head(head), new MemoryBlock(previous?.Summary, plan, pins).ToMessage(), .. kept, .. recent];
        return Done(window, MemoryStrategies.SlidingWindow, before, tokens.Count(window), null, archived, call, rejected);

        CompactionResult Done(List<ChatMessage> result, string strategy, int tokensBefore, int after, string? summary, List<string> ids, MemorySummary? summarizerCall, string? why)
        {
            if (after > request.TargetTokens)
            {
                // Every result ends with the recent messages as they were.
                var prefix = result.Take(result.Count - recent.Count).ToList();
                var (shorter, trimmed) = _recent.Compact(prefix, recent, request.TargetTokens, isProtected);
                if (trimmed.Count > 0)
                {
                    result = [.. prefix, .. shorter];
                    after = tokens.Count(result);
                    ids = [.. ids, .. trimmed];
                }
            }

            return after < tokensBefore
                ? new(true, result, strategy, tokensBefore, after, summary, ids, summarizerCall, why, clock.Elapsed - external)
                : Unchanged(messages, tokensBefore, summarizerCall, why, clock.Elapsed - external);
        }
    }

    /// <summary>A stub's fewest tokens: the message overhead and the fixed words of the stub.</summary>
    private const int MinStubTokens = TokenCounter.PerMessageOverhead + 12;

    /// <summary>A stub's tokens, estimated at three characters a token (it is priced, not billed, on this path).</summary>
    private static int StubResultTokens(ChatMessage stub) =>
        stub.Contents.OfType<FunctionResultContent>().Sum(r => (r.Result as string ?? "").Length / 3);

    private static IEnumerable<ChatMessage> Head(ChatMessage? head) => head is null ? [] : [head];

    private static CompactionResult Unchanged(IReadOnlyList<ChatMessage> messages, int tokens, MemorySummary? call, string? why, TimeSpan own) =>
        new(false, messages, "none", tokens, tokens, null, [], call, why, own);
}
