namespace AgentPlatform.Core.Domain.Events;

/// <summary><c>plan.updated</c>: the plan the run now executes, and who changed it (<c>planner</c> or <c>user</c>).</summary>
public sealed record PlanUpdatedData(IReadOnlyList<PlanStep> Steps, string By);
