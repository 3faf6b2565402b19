using System.ComponentModel.DataAnnotations;

namespace AgentPlatform.Api.Sessions;

/// <summary>Configuration section <c>Sessions</c>.</summary>
public sealed class SessionDefaults
{
    public const string Section = "Sessions";

    [Range(SessionLimits.MinTokenBudget, SessionLimits.MaxTokenBudget)]
    public int DefaultTokenBudget { get; set; } = 4_000;

    [Range(SessionLimits.MinSteps, SessionLimits.MaxSteps)]
    public int DefaultMaxSteps { get; set; } = 20;

    /// <summary>Runs a user may have queued, processing or waiting at once; more answer 429.</summary>
    [Range(1, 10_000)]
    public int MaxActiveRunsPerUser { get; set; } = 10;
}
