namespace AgentPlatform.Core.Domain;

/// <summary>A person's decision on a tool call that needed approval (wire values approve · deny).</summary>
public enum ApprovalDecision
{
    Approve,
    Deny,
}
