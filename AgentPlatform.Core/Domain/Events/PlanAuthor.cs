namespace AgentPlatform.Core.Domain.Events;

/// <summary>Who changed a plan (<c>plan.updated</c>'s <c>by</c>).</summary>
public enum PlanAuthor
{
    Planner,
    User,
}
