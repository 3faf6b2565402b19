using AgentPlatform.AppHost.Infrastructure;

namespace AgentPlatform.Tests.Support;

/// <summary>
/// Development JWTs (HS256) made the way the AppHost and ./run.sh token make them, independently of the Api's JWT
/// library, signed with the key the test hosts are configured with.
/// </summary>
public static class TestTokens
{
    public const string SigningKey = "agentplatform-tests-signing-key-0123456789abcdef";

    public static string Create(string user, bool admin = false, string key = SigningKey, TimeSpan? lifetime = null) =>
        DevTokens.Create(key, user, admin, lifetime ?? TimeSpan.FromHours(1));

    /// <summary>A scrape credential: role <c>metrics</c>.</summary>
    public static string Metrics(string user = "prometheus") => DevTokens.CreateWithRole(SigningKey, user, DevTokens.MetricsRole, TimeSpan.FromHours(1));
}
