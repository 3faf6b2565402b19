namespace AgentPlatform.Core.Domain;

/// <summary>One step of the plan the agent made for a run; <see cref="Index"/> starts at 1.</summary>
public sealed record PlanStep(int Index, string Title, PlanStepStatus Status);
