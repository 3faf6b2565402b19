namespace AgentPlatform.Api.Webhooks;

/// <summary>
/// Configuration section <c>Webhooks:Default</c>: the webhook of every session created without one (per deployment).
/// Empty <see cref="Url"/>: none.
/// </summary>
public sealed class WebhookDefaultOptions
{
    public const string Section = "Webhooks:Default";

    public string? Url { get; set; }

    public string? Secret { get; set; }
}
