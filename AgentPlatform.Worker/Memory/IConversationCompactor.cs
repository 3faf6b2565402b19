using AgentPlatform.Worker.Agents;

namespace AgentPlatform.Worker.Memory;

/// <summary>
/// The engine's side of memory compaction. <see cref="ModelCaller"/> asks <see cref="ShouldCompact"/> before each call
/// and compacts once when it says so or when the call does not fit the budget (proactive), and once after a
/// context-length error (reactive, then the call is retried once). <see cref="TryCompactAsync"/> shortens
/// <c>messages</c> in place, records the memory.compacted event with a checkpoint keyed by the current model call, and
/// returns false when it could not shorten anything. <see cref="Reapply"/>, before each model call, re-applies the
/// compactions recorded before that call by an earlier delivery of the job, and says which triggers were recorded
/// (and whether each shortened the messages), so the call does not compact again.
/// </summary>
public interface IConversationCompactor
{
    bool ShouldCompact(RunContext run, int promptTokens);

    IReadOnlyDictionary<string, bool> Reapply(RunContext run, List<ChatMessage> messages);

    Task<bool> TryCompactAsync(RunContext run, List<ChatMessage> messages, string trigger, int promptTokens, CancellationToken cancellationToken);
}
