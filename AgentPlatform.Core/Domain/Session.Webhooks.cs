namespace AgentPlatform.Core.Domain;

/// <summary>The session's webhook: called when each of its runs ends (see <c>Core/Webhooks</c>).</summary>
public sealed partial class Session
{
    /// <summary>Absolute http(s) URL called when a run ends; null for none.</summary>
    public string? WebhookUrl { get; private set; }

    /// <summary>The signing secret (a <c>whsec_</c> base64 key or any other text); null signs with an empty key.</summary>
    public string? WebhookSecret { get; private set; }

    public void SetWebhook(string url, string? secret)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new DomainValidationException("webhook.url", "The webhook URL must be an absolute http or https URL.");
        }

        WebhookUrl = url;
        WebhookSecret = secret;
    }

    /// <summary>A run's webhook could not be delivered after every attempt.</summary>
    public void RecordWebhookFailed(long seq, int attempts, string error, DateTimeOffset now) =>
        // No run id: run.completed stays the last event of its run.
        Raise(null, new WebhookFailedData(seq, attempts, error), now);
}
