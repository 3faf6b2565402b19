using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AgentPlatform.Tests.Support;

/// <summary>Development JWTs (HS256) made the way ./run.sh token makes them, independently of the Api's library.</summary>
public static class TestTokens
{
    public const string SigningKey = "agentplatform-tests-signing-key-0123456789abcdef";

    public static string Create(string user, bool admin = false, string key = SigningKey, TimeSpan? lifetime = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = new Dictionary<string, object>
        {
            ["sub"] = user,
            ["iss"] = "agentplatform",
            ["aud"] = "agentplatform-api",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)(lifetime ?? TimeSpan.FromHours(1)).TotalSeconds,
        };
        if (admin)
        {
            payload["role"] = "admin";
        }

        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var body = Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes($"{header}.{body}")));
        return $"{header}.{body}.{signature}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
