namespace AgentPlatform.Core.Domain;

/// <summary>Why a run ended; null while it runs.</summary>
public enum StopReason
{
    EndTurn,
    MaxSteps,
    BudgetExceeded,
    Cancelled,
    LlmUnavailable,
    Error,
}
