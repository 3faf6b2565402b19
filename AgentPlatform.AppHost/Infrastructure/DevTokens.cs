using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AgentPlatform.AppHost.Infrastructure;

/// <summary>
/// HS256 development tokens signed with the AppHost's key, the same way <c>./run.sh token</c> signs them: the
/// dashboard commands call the Worker's admin endpoints with one.
/// </summary>
internal static class DevTokens
{
    public const string MetricsRole = "metrics";

    public static string Create(string signingKey, string user, bool admin, TimeSpan lifetime) =>
        CreateWithRole(signingKey, user, admin ? "admin" : null, lifetime);

    /// <param name="role">admin, metrics (a scrape credential, good for /metrics only) or null for a plain user.</param>
    public static string CreateWithRole(string signingKey, string user, string? role, TimeSpan lifetime)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = new Dictionary<string, object>
        {
            ["sub"] = user,
            ["iss"] = "agentplatform",
            ["aud"] = "agentplatform-api",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)lifetime.TotalSeconds,
        };
        if (role is not null)
        {
            payload["role"] = role;
        }

        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var body = Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.ASCII.GetBytes($"{header}.{body}")));
        return $"{header}.{body}.{signature}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
