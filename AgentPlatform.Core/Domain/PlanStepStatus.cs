namespace AgentPlatform.Core.Domain;

/// <summary>Where one step of a run's plan stands. Serialized as snake_case.</summary>
public enum PlanStepStatus
{
    NotStarted,
    InProgress,
    Completed,
    Blocked,
}
