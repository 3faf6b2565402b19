using System.ComponentModel.DataAnnotations;

namespace AgentPlatform.Worker.Webhooks;

/// <summary>Configuration section <c>Webhooks</c>: how the Worker delivers run-ended webhooks.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Deliveries tried in all (the first and its retries) before the delivery is recorded failed.</summary>
    [Range(1, 30)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The delay before the first retry; each next one doubles it (10 s, 20 s, 40 s, ... about 21 min in all for 8 attempts).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest delay between two attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>One attempt's whole HTTP exchange; a receiver slower than this is retried.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Allows loopback and private targets (development only); otherwise the web_fetch address policy applies.</summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>Ports besides 80 and 443 a public target may use.</summary>
    public int[] AllowedPorts { get; set; } = [];

    /// <summary>How often the sweep enqueues deliveries that were saved but not enqueued (a crash right after a run ended).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The delay before the next attempt, after <paramref name="retry"/> failed retries (0 for the first retry).</summary>
    public TimeSpan RetryDelay(int retry) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks * (long)Math.Pow(2, Math.Min(retry, 30))));
}
