using System.ComponentModel.DataAnnotations;

namespace AgentPlatform.Worker.Agents;

/// <summary>The engine's limits, from <c>Agents:Engine</c>.</summary>
public sealed class EngineOptions
{
    public const string Section = "Agents:Engine";

    /// <summary>The output cap of a model call; lowered to what the budget still allows.</summary>
    [Range(16, 200_000)]
    public int MaxOutputTokens { get; set; } = 1024;

    /// <summary>A call whose budget leaves less output than this is not made: the run ends budget_exceeded.</summary>
    [Range(1, 200_000)]
    public int MinOutputTokens { get; set; } = 64;

    /// <summary>Added to the tokenizer's count of a prompt, for providers whose tokenizer counts a little more.</summary>
    [Range(0.0, 1.0)]
    public double PromptMargin { get; set; } = 0.05;

    [Range(1, 50)]
    public int MaxPlanSteps { get; set; } = 8;

    /// <summary>The same tool call (or answer) this many times earns a nudge; once more ends the run.</summary>
    [Range(2, 100)]
    public int StuckRepeats { get; set; } = 3;

    /// <summary>
    /// Revisions of the plan a run may make after blocked steps (at most one per step); 0 ends the run at the first
    /// blocked step, as a plan without revisions does.
    /// </summary>
    [Range(0, 10)]
    public int MaxReplans { get; set; } = 2;
}
