namespace AgentPlatform.Worker.Agents;

/// <summary>How the engine left a run: the job records it on the session.</summary>
public abstract record RunOutcome
{
    private RunOutcome() { }

    public sealed record Completed(string Result) : RunOutcome;

    public sealed record Incomplete(StopReason Reason, string? PartialResult, string Detail) : RunOutcome;

    public sealed record Failed(string Error) : RunOutcome;

    /// <summary>The agent asked the user (already recorded); the job that runs after the answer carries on.</summary>
    public sealed record WaitingForInput : RunOutcome;
}
