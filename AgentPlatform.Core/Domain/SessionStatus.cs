namespace AgentPlatform.Core.Domain;

/// <summary>Where a session (and its latest run) stands. Serialized as snake_case.</summary>
public enum SessionStatus
{
    Pending,
    Processing,
    WaitingForInput,
    Completed,
    Incomplete,
    Failed,
    Stopped,
}

public static class SessionStatusExtensions
{
    public static bool IsTerminal(this SessionStatus status) =>
        status is SessionStatus.Completed or SessionStatus.Incomplete or SessionStatus.Failed or SessionStatus.Stopped;

    public static bool IsActive(this SessionStatus status) => !status.IsTerminal();
}
