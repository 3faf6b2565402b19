namespace AgentPlatform.Worker.Memory;

/// <summary>
/// The hook for memory compaction: the engine calls it when the next model call does not fit the token budget or the
/// model's context window. An implementation shortens <c>messages</c> in place (summarising older turns) and returns
/// true; the engine then measures again. Until one is registered, <see cref="NoConversationCompaction"/> declines and
/// the run ends (budget_exceeded, or failed for the context window).
/// </summary>
public interface IConversationCompactor
{
    Task<bool> TryCompactAsync(Session session, Guid runId, List<ChatMessage> messages, int tokensNeeded, CancellationToken cancellationToken);
}
