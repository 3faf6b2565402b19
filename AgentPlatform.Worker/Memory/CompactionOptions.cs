using System.ComponentModel.DataAnnotations;

namespace AgentPlatform.Worker.Memory;

/// <summary>Memory compaction, from <c>Agents:Compaction</c>.</summary>
public sealed class CompactionOptions : IValidatableObject
{
    public const string Section = "Agents:Compaction";

    /// <summary>False: the engine never compacts (a call that does not fit ends the run, as before compaction existed).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The model's context window, in tokens (the provider does not say it).</summary>
    [Range(1_000, 10_000_000)]
    public int ContextWindowTokens { get; set; } = 128_000;

    /// <summary>Compact before a call whose prompt passes this share of min(context window, remaining budget).</summary>
    [Range(0.1, 0.99)]
    public double ThresholdRatio { get; set; } = 0.75;

    /// <summary>What a compaction aims for: this share of min(context window, remaining budget).</summary>
    [Range(0.05, 0.9)]
    public double TargetRatio { get; set; } = 0.4;

    /// <summary>The last K exchanges (a model turn with its tool results and the prompt that led to it) stay verbatim.</summary>
    [Range(1, 100)]
    public int KeepRecentExchanges { get; set; } = 3;

    /// <summary>Older tool outputs longer than this (tokens) are replaced by a stub.</summary>
    [Range(8, 100_000)]
    public int MaskMinTokens { get; set; } = 48;

    /// <summary>How much of a masked output the stub keeps, in characters.</summary>
    [Range(0, 2_000)]
    public int StubPreviewChars { get; set; } = 100;

    /// <summary>The summarizer's model; empty: the run's model.</summary>
    public string? SummarizerModel { get; set; }

    /// <summary>The summary's output cap; a longer summary is rejected.</summary>
    [Range(32, 32_000)]
    public int MaxSummaryTokens { get; set; } = 600;

    /// <summary>Normalize the run's prompt (whitespace, duplicated lines) before the first model call.</summary>
    public bool NormalizePrompt { get; set; } = true;

    /// <summary>
    /// Right after a compaction, the next call compacts again only if the prompt grew by more than this share of the
    /// limit since (a call the budget cannot afford still compacts).
    /// </summary>
    [Range(0.0, 0.9)]
    public double MinGrowthRatio { get; set; } = 0.1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TargetRatio >= ThresholdRatio)
        {
            yield return new ValidationResult("TargetRatio must be below ThresholdRatio, or every call would compact again.",
                [nameof(TargetRatio), nameof(ThresholdRatio)]);
        }
    }
}
