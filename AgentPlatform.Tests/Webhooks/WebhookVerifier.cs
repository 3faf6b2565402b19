using System.Security.Cryptography;
using System.Text;

namespace AgentPlatform.Tests.Webhooks;

/// <summary>
/// What a receiver does, written from the README's description and not from the platform's code: the HMAC-SHA256 of
/// "{webhook-id}.{webhook-timestamp}.{raw body}", keyed by the base64 after "whsec_" or by the secret's UTF-8 bytes.
/// </summary>
public static class WebhookVerifier
{
    public static bool Verifies(ReceivedWebhook hook, string secret)
    {
        var key = secret.StartsWith("whsec_", StringComparison.Ordinal) ? Convert.FromBase64String(secret["whsec_".Length..]) : Encoding.UTF8.GetBytes(secret);
        var signed = Encoding.UTF8.GetBytes($"{hook.Id}.{hook.Timestamp}.{Encoding.UTF8.GetString(hook.Body)}");
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, signed));
        // The header may carry several space-separated signatures (key rotation); one must match.
        return hook.Signature.Split(' ').Any(s => s.StartsWith("v1,", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s[3..]), Encoding.ASCII.GetBytes(expected)));
    }
}
