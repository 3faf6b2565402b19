namespace AgentPlatform.Core.Domain.Events;

/// <summary>The plan of the run was replaced: by the planner (a replan after a blocked step) or by the user (plan review).</summary>
public sealed record PlanUpdatedData(IReadOnlyList<PlanStep> Steps, PlanAuthor By) : IEventData;
