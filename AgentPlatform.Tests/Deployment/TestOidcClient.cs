namespace AgentPlatform.Tests.Deployment;

/// <summary>A client of the test provider: its id is the token's <c>sub</c>.</summary>
public sealed record TestOidcClient(string ClientId, string Secret, string Audience, string? Role = null);
