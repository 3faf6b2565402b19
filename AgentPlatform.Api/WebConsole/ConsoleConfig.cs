namespace AgentPlatform.Api.WebConsole;

/// <summary>How the console signs in: <c>development</c> (a dev token from <c>POST /console/dev-token</c>) or <c>oidc</c>.</summary>
public enum ConsoleSignIn
{
    Development,
    Oidc,
}

/// <summary>What <c>GET /console/config</c> answers: the sign-in mode and, for OIDC, the authority and client.</summary>
public sealed record ConsoleConfig(
    ConsoleSignIn SignIn,
    string? Authority,
    string? ClientId,
    string Scope,
    string? AspireDashboardUrl,
    string? HangfireDashboardUrl);
