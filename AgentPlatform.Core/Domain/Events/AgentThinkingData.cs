namespace AgentPlatform.Core.Domain.Events;

/// <param name="PlanStep">The plan step the text belongs to, if the run has a plan.</param>
public sealed record AgentThinkingData(string Text, int? PlanStep) : IEventData;
