namespace AgentPlatform.Core.Domain;

/// <summary>What a waiting run needs from the user: an answer to ask_human, a decision on a tool call, or a plan review.</summary>
public enum PendingInputKind
{
    Question,
    Approval,
    Plan,
}
