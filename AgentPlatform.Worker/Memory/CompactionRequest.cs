namespace AgentPlatform.Worker.Memory;

/// <summary>What the pipeline compacts and within which limits.</summary>
/// <param name="ProtectedIds">Message ids that are never removed nor changed (the run's current prompt).</param>
/// <param name="TargetTokens">What the messages should come down to.</param>
/// <param name="SummarizerBudget">What a summarizer call may cost at most (input and output); below its price, no call.</param>
public sealed record CompactionRequest(
    IReadOnlyList<ChatMessage> Messages,
    IReadOnlySet<string> ProtectedIds,
    int TargetTokens,
    IReadOnlyList<PlanStep> Plan,
    int SummarizerBudget,
    string? SummarizerModel);
