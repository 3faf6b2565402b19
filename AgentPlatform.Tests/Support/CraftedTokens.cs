using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AgentPlatform.Tests.Support;

/// <summary>
/// JWTs with any header and claims, for the hostile cases a token issuer would never make (alg none, a NUL in
/// <c>sub</c>, a future <c>nbf</c>): the Api must refuse each of them with a 401.
/// </summary>
public static class CraftedTokens
{
    public static Dictionary<string, object> Claims(string sub, TimeSpan? expiresIn = null, TimeSpan? notBeforeIn = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new Dictionary<string, object>
        {
            ["sub"] = sub,
            ["iss"] = "agentplatform",
            ["aud"] = "agentplatform-api",
            ["iat"] = now.AddMinutes(-10).ToUnixTimeSeconds(),
            ["nbf"] = now.Add(notBeforeIn ?? TimeSpan.FromMinutes(-10)).ToUnixTimeSeconds(),
            ["exp"] = now.Add(expiresIn ?? TimeSpan.FromHours(1)).ToUnixTimeSeconds(),
        };
    }

    public static string Sign(IDictionary<string, object> claims, string key = TestTokens.SigningKey, string alg = "HS256")
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = alg, ["typ"] = "JWT" }));
        var body = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        if (alg == "none")
        {
            return $"{header}.{body}.";
        }

        var signature = Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes($"{header}.{body}")));
        return $"{header}.{body}.{signature}";
    }

    public static string With(string sub, Action<Dictionary<string, object>>? change = null, string key = TestTokens.SigningKey, string alg = "HS256")
    {
        var claims = Claims(sub);
        change?.Invoke(claims);
        return Sign(claims, key, alg);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
