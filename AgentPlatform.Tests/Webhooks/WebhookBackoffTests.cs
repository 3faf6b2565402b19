using AgentPlatform.Worker.Webhooks;

namespace AgentPlatform.Tests.Webhooks;

/// <summary>
/// The delays between attempts. Checked here rather than by timing deliveries: Hangfire's scheduler stores a retry's
/// due time in whole seconds, so sub-second delays measured end to end are not exact.
/// </summary>
public sealed class WebhookBackoffTests
{
    [Fact]
    public void Each_retry_waits_twice_as_long_as_the_one_before_up_to_the_cap()
    {
        var options = new WebhookOptions { FirstRetryDelay = TimeSpan.FromSeconds(10), MaxRetryDelay = TimeSpan.FromMinutes(5) };

        var delays = Enumerable.Range(0, 7).Select(options.RetryDelay).ToList();

        Assert.Equal([10, 20, 40, 80, 160, 300, 300], delays.Select(d => d.TotalSeconds));
    }
}
