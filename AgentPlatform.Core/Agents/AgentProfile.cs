namespace AgentPlatform.Core.Agents;

/// <summary>How the agent works on one task type: what the Worker runs and what <c>GET /agents</c> shows.</summary>
public sealed class AgentProfile
{
    public string SystemPrompt { get; set; } = "";

    /// <summary>The tools offered to the model (names from the tool registry).</summary>
    public List<string> Tools { get; set; } = [];

    /// <summary>A model other than the provider's default, for this task type.</summary>
    public string? Model { get; set; }

    /// <summary>Whether a planning call splits the task into steps first.</summary>
    public bool Planning { get; set; }

    /// <summary>The default step limit of a run.</summary>
    public int MaxSteps { get; set; } = 20;

    /// <summary>
    /// Tools whose calls wait for a person's approval before they run: tool names, or <c>&lt;server&gt;__*</c> for every
    /// tool of an MCP server (see <see cref="ToolPatterns"/>).
    /// </summary>
    public List<string> RequireApproval { get; set; } = [];

    /// <summary>Whether a run waits after planning until the user approves (or edits) the plan; needs <see cref="Planning"/>.</summary>
    public bool ReviewPlan { get; set; }

    public bool RequiresApproval(string tool) => ToolPatterns.MatchesAny(RequireApproval, tool);
}
