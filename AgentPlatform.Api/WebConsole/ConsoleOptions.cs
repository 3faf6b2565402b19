namespace AgentPlatform.Api.WebConsole;

/// <summary>
/// Configuration section <c>Console</c>: what the web console needs to sign in with the OIDC authority
/// (<c>Auth:Authority</c>) and where the operator dashboards are.
/// </summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>The console's OIDC client id (a public client: authorization code with PKCE, no secret).</summary>
    public string? ClientId { get; set; }

    /// <summary>The scopes the console asks for; the API's audience scope, if the provider needs one, goes here.</summary>
    public string Scope { get; set; } = "openid profile";

    /// <summary>The Aspire dashboard, linked from the operator view.</summary>
    public string? AspireDashboardUrl { get; set; }

    /// <summary>The Worker's Hangfire dashboard, linked from the operator view.</summary>
    public string? HangfireDashboardUrl { get; set; }

    /// <summary>How long a development token minted by the console's sign-in lives.</summary>
    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);
}
