namespace AgentPlatform.Worker.Agents;

/// <summary>Thrown inside the engine when a limit or a failure ends the run, to unwind the plan and the tool loop.</summary>
public sealed class RunEndedException(RunOutcome outcome) : Exception(outcome.ToString())
{
    public RunOutcome Outcome { get; } = outcome;
}
