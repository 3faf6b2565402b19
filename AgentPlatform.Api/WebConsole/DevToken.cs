namespace AgentPlatform.Api.WebConsole;

/// <summary>What the console's development sign-in asks for: an operator (admin) token or a plain user's.</summary>
public sealed record DevTokenRequest(bool Admin = false);

/// <summary>A short-lived development token for user <c>dev</c>.</summary>
public sealed record DevTokenResponse(string AccessToken, string User, bool Admin, DateTimeOffset ExpiresAt);
