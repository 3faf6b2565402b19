using System.ComponentModel.DataAnnotations;

namespace AgentPlatform.Worker.Agents.Approvals;

/// <summary><c>Agents:Approvals</c>: how long a held tool call waits for a decision, and how often Workers look.</summary>
public sealed class ApprovalOptions
{
    public const string Section = "Agents:Approvals";

    /// <summary>An approval nobody answers within this is denied with reason <c>timeout</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often each Worker denies the approvals that timed out (a timeout is late by at most this).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);
}
