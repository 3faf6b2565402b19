namespace AgentPlatform.Worker.Webhooks;

/// <summary>One delivery attempt failed and another is due after <see cref="RetryAfter"/> (see <see cref="WebhookRetryFilter"/>).</summary>
public sealed class WebhookDeliveryException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
