using AgentPlatform.Worker.Agents;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Memory;

/// <summary>
/// The memory work around a run: the prompt's normalization before the first model call (counted in the session's
/// totals as a compaction of strategy <c>normalize</c>), and the snapshot its follow-ups start from.
/// </summary>
public sealed class SessionMemory(TokenCounter tokens, IOptions<CompactionOptions> options, TimeProvider clock, ILogger<SessionMemory> logger)
{
    public const string NormalizeKey = "normalize";

    public async Task NormalizePromptAsync(RunContext run, List<ChatMessage> messages)
    {
        var at = messages.FindIndex(m => m.MessageId == MemoryMessageIds.Prompt(run.RunId));
        if (!options.Value.Enabled || !options.Value.NormalizePrompt || at < 0)
        {
            return;
        }

        var original = messages[at].Text;
        var normalized = PromptNormalizer.Normalize(original);
        if (normalized == original || normalized.Length == 0)
        {
            return;
        }

        messages[at] = new ChatMessage(ChatRole.User, normalized) { MessageId = messages[at].MessageId };
        var (before, after) = (tokens.Count(original), tokens.Count(normalized));
        // Recorded once per run: a job delivered again normalizes again but does not count it again.
        if (run.Recorded(0, NormalizeKey) is null && after < before)
        {
            var checkpoint = RunCheckpoint.ForMemory(run.RunId, 0, NormalizeKey, $"{{\"tokensBefore\":{before},\"tokensAfter\":{after}}}", clock.GetUtcNow());
            await run.SaveAsync(s =>
            {
                run.Db.RunCheckpoints.Add(checkpoint);
                s.RecordCompaction(run.RunId, new MemoryCompaction(MemoryStrategies.Normalize, CompactionTriggers.Prompt, before, after, null,
                    [MemoryMessageIds.Prompt(run.RunId)]), checkpoint.CreatedAt);
            });
            run.Remember(checkpoint);
            MemoryLog.PromptNormalized(logger, before, after);
        }
    }

    /// <summary>After a run ended: stores the memory its follow-ups start from, when it has any.</summary>
    public async Task RememberAsync(RunContext run, IReadOnlyList<ChatMessage> messages, string? result)
    {
        var plan = run.Session.PlanRunId == run.RunId ? run.Session.Plan : [];
        if (MemorySnapshot.After(messages, MemoryMessageIds.Prompt(run.RunId), result, MemoryMessageIds.Result(run.RunId), plan) is { } snapshot)
        {
            await run.SaveAsync(s => s.RememberMemory(run.RunId, snapshot.ToJson(), clock.GetUtcNow()));
        }
    }
}
