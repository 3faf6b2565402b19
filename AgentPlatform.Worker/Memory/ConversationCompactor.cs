using AgentPlatform.Worker.Agents;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Memory;

/// <summary>
/// Runs the <see cref="MemoryCompactor"/> pipeline for the engine: the limit is min(context window, remaining budget);
/// the summarizer may spend what the budget has left beyond the target prompt and an answer; its usage, and the
/// compaction itself, are recorded on the session in one transaction, with a checkpoint of the compacted messages
/// (<see cref="CompactionCheckpoint"/>) keyed by the model call it precedes, which a job delivered again re-applies.
/// </summary>
public sealed class ConversationCompactor(
    MemoryCompactor pipeline, TokenCounter tokens, IOptions<CompactionOptions> options, IOptions<EngineOptions> engine,
    TimeProvider clock, ILogger<ConversationCompactor> logger) : IConversationCompactor
{
    private readonly CompactionOptions _options = options.Value;
    private readonly EngineOptions _engine = engine.Value;

    /// <summary>The model call the last compaction of this run preceded, and the prompt it left.</summary>
    private (int Call, int PromptTokens)? _last;

    public bool ShouldCompact(RunContext run, int promptTokens) =>
        _options.Enabled && promptTokens > _options.ThresholdRatio * Limit(run)
        && !(_last is { } last && last.Call == run.ModelCalls - 1 && promptTokens - last.PromptTokens <= _options.MinGrowthRatio * Limit(run));

    public async Task<bool> TryCompactAsync(RunContext run, List<ChatMessage> messages, string trigger, int promptTokens, CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return false;
        }

        var current = tokens.Count(messages);
        var overhead = Math.Max(0, promptTokens - current);
        var target = (int)(_options.TargetRatio * Limit(run)) - overhead;
        if (trigger == CompactionTriggers.ContextLength)
        {
            target = Math.Min(target, current / 2);
        }

        var remaining = run.Session.TokenBudget - run.Session.TokensUsed;
        var afterwards = (int)Math.Ceiling((Math.Max(0, target) + overhead) * (1 + _engine.PromptMargin)) + _engine.MinOutputTokens;
        var plan = run.Session.PlanRunId == run.RunId ? run.Session.Plan : [];
        var result = await pipeline.CompactAsync(new CompactionRequest(
            messages, new HashSet<string>(StringComparer.Ordinal) { MemoryMessageIds.Prompt(run.RunId) }, target, plan,
            SummarizerBudget: Math.Max(0, remaining - afterwards), NonEmpty(_options.SummarizerModel) ?? run.Profile.Model), cancellationToken);

        if (result.SummarizerCall is not null || result.Compacted)
        {
            var now = clock.GetUtcNow();
            var checkpoint = RunCheckpoint.ForMemory(run.RunId, run.ModelCalls, CompactionCheckpoint.Key(trigger), CompactionCheckpoint.Of(result).ToJson(), now);
            await run.SaveAsync(s =>
            {
                run.Db.RunCheckpoints.Add(checkpoint);
                if (result.SummarizerCall is { } call)
                {
                    s.AddTokenUsage(run.RunId, call.InputTokens, call.OutputTokens, 0, call.Estimated, now, purpose: TokenPurpose.Compaction);
                }

                if (result.Compacted)
                {
                    s.RecordCompaction(run.RunId, result.ToRecord(trigger), now);
                }
            });
            run.Remember(checkpoint);
        }

        if (!result.Compacted)
        {
            MemoryLog.NothingToCompact(logger, trigger, current);
            return false;
        }

        MemoryLog.Compacted(logger, result.Strategy, trigger, result.TokensBefore, result.TokensAfter, result.ArchivedMessageIds.Count);
        _last = (run.ModelCalls, promptTokens - result.TokensBefore + result.TokensAfter);
        messages.Clear();
        messages.AddRange(result.Messages);
        return true;
    }

    public IReadOnlyDictionary<string, bool> Reapply(RunContext run, List<ChatMessage> messages)
    {
        Dictionary<string, bool> recorded = [];
        foreach (var trigger in CompactionCheckpoint.Triggers)
        {
            if (run.Recorded(run.ModelCalls, CompactionCheckpoint.Key(trigger)) is { } checkpoint)
            {
                recorded[trigger] = CompactionCheckpoint.FromJson(checkpoint.Payload).ApplyTo(messages);
                MemoryLog.Reapplied(logger, trigger, run.ModelCalls, recorded[trigger]);
            }
        }

        return recorded;
    }

    /// <summary>The smaller of the context window and what is left of the session's budget.</summary>
    private int Limit(RunContext run) => Math.Max(0, Math.Min(_options.ContextWindowTokens, run.Session.TokenBudget - run.Session.TokensUsed));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
