namespace AgentPlatform.Api.Webhooks;

/// <summary>What a webhook target and secret must be, for a request's <c>webhook</c> and the configured default alike.</summary>
public static class WebhookRules
{
    public const int MaxUrlLength = 2048;
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 256;
    public const string Base64SecretPrefix = "whsec_";

    /// <param name="field">The field errors are named by (<c>webhook</c> in a request).</param>
    public static void Check(string field, string? url, string? secret, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.UserInfo))
        {
            errors[$"{field}.url"] = [$"{field}.url must be an absolute http or https URL without credentials, at most {MaxUrlLength} characters."];
        }

        if (secret is null)
        {
            return;
        }

        if (secret.Length is < MinSecretLength or > MaxSecretLength)
        {
            errors[$"{field}.secret"] = [$"{field}.secret must have {MinSecretLength} to {MaxSecretLength} characters."];
        }
        else if (secret.StartsWith(Base64SecretPrefix, StringComparison.Ordinal) && !IsBase64(secret[Base64SecretPrefix.Length..]))
        {
            errors[$"{field}.secret"] = [$"{field}.secret starts with {Base64SecretPrefix}, so the rest must be base64."];
        }
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return text.Length > 0 && Convert.TryFromBase64String(text, buffer, out _);
    }
}
