using System.Security.Cryptography;
using System.Text;

namespace AgentPlatform.Worker.Webhooks;

/// <summary>
/// The Standard Webhooks signature: <c>v1,</c> and the base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>. A secret
/// <c>whsec_…</c> is the base64 of the key; any other secret's UTF-8 bytes are the key.
/// </summary>
/// <remarks>Hand-written (a few lines) rather than the StandardWebhooks package: that one reads every secret as base64,
/// and the contract also accepts a plain-text secret as its UTF-8 bytes.</remarks>
public static class WebhookSignature
{
    public const string Base64SecretPrefix = "whsec_";

    public static string Sign(string? secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(Key(secret), content));
    }

    private static byte[] Key(string? secret) => secret switch
    {
        null => [],
        _ when secret.StartsWith(Base64SecretPrefix, StringComparison.Ordinal) => Convert.FromBase64String(secret[Base64SecretPrefix.Length..]),
        _ => Encoding.UTF8.GetBytes(secret),
    };
}
