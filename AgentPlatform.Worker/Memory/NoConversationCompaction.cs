namespace AgentPlatform.Worker.Memory;

/// <summary>The default <see cref="IConversationCompactor"/>: compaction is not built yet, so it never shortens anything.</summary>
public sealed class NoConversationCompaction : IConversationCompactor
{
    public Task<bool> TryCompactAsync(Session session, Guid runId, List<ChatMessage> messages, int tokensNeeded, CancellationToken cancellationToken) =>
        Task.FromResult(false);
}
