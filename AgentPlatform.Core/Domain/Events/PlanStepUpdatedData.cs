namespace AgentPlatform.Core.Domain.Events;

public sealed record PlanStepUpdatedData(int Index, string Title, PlanStepStatus Status) : IEventData;
