namespace AgentPlatform.Api.Webhooks;

/// <summary>The <c>webhook</c> of <c>POST /api/v1/sessions</c>: called when each run of the session ends.</summary>
/// <param name="Url">Absolute http or https URL, at most 2,048 characters.</param>
/// <param name="Secret">Signing secret, 16 to 256 characters: <c>whsec_</c> followed by base64 (the Standard Webhooks
/// form, its decoded bytes are the key) or any other text (its UTF-8 bytes are the key).</param>
public sealed record WebhookRequest(string? Url, string? Secret);
