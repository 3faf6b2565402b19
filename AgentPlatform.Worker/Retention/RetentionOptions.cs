using System.ComponentModel.DataAnnotations;

namespace AgentPlatform.Worker.Retention;

/// <summary>
/// Data retention (section <c>Retention</c>), off by default: what to prune from sessions that ended (completed,
/// incomplete, failed, stopped) and were last changed longer ago than each age. The session rows themselves stay.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    public bool Enabled { get; set; }

    /// <summary>The sessions' event logs (their replay ends there; the sessions keep their result and totals).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan EventsAfter { get; set; } = TimeSpan.FromDays(90);

    /// <summary>The runs' checkpoints: model responses and tool calls with their results (the archived originals).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan CheckpointsAfter { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The sessions' stored memory (summaries and kept messages a follow-up would start from).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan ArchivedMemoryAfter { get; set; } = TimeSpan.FromDays(30);

    /// <summary>When the recurring job runs (cron, UTC); daily at 03:30 by default.</summary>
    [Required]
    public string Schedule { get; set; } = "30 3 * * *";
}
