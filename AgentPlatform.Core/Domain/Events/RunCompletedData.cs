namespace AgentPlatform.Core.Domain.Events;

/// <summary>The last event of a run.</summary>
public sealed record RunCompletedData(
    int RunNumber, SessionStatus Status, StopReason StopReason, string? Result, string? Error, int TokensUsed) : IEventData;
