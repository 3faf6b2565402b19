namespace AgentPlatform.Worker.Agents;

/// <summary>What one tool call gave the tool loop.</summary>
public abstract record ToolStepResult
{
    private ToolStepResult() { }

    /// <summary>The text the model gets as the call's result; <see cref="IsError"/> when the call failed.</summary>
    public sealed record Output(string Text, bool IsError) : ToolStepResult;

    /// <summary>ask_human: the question is recorded and the run waits for the user.</summary>
    public sealed record Paused : ToolStepResult;

    /// <summary>terminate: the run ends here.</summary>
    public sealed record Terminated(bool Success, string? Message) : ToolStepResult;
}
