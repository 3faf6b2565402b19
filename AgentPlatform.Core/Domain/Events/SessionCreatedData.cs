namespace AgentPlatform.Core.Domain.Events;

public sealed record SessionCreatedData(TaskType TaskType, int TokenBudget, int MaxSteps, string Model) : IEventData;
