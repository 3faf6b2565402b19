using System.ComponentModel.DataAnnotations;

namespace AgentPlatform.Api.Queue;

/// <summary>When a queue that is waiting too long turns <c>/health</c> Degraded, from <c>Queue</c>.</summary>
public sealed class QueueBacklogOptions
{
    public const string Section = "Queue";

    /// <summary>The oldest waiting run waiting longer than this means every Worker is full: /health reads Degraded.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the queue figures behind the metrics are read.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(5);
}
