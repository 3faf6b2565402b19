namespace AgentPlatform.Core.Domain.Events;

public sealed record PlanCreatedData(IReadOnlyList<PlanStep> Steps) : IEventData;
