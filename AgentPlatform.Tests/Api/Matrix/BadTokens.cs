namespace AgentPlatform.Tests.Api.Matrix;

/// <summary>
/// Every kind of token the services must refuse with a 401, each aimed at one user (the victim): signed with the wrong
/// key, expired beyond the clock skew, unsigned, for another issuer or audience, not yet valid, or with a <c>sub</c> no
/// user id may have. A null token is the request without one.
/// </summary>
public static class BadTokens
{
    public static IReadOnlyList<(string Kind, string? Token)> For(string victim) =>
    [
        ("no token", null),
        ("expired", CraftedTokens.Sign(CraftedTokens.Claims(victim, expiresIn: TimeSpan.FromMinutes(-5)))),
        ("wrong key", CraftedTokens.With(victim, key: "a-different-signing-key-that-is-long-enough-0123")),
        ("alg none", CraftedTokens.With(victim, alg: "none")),
        ("wrong issuer", CraftedTokens.With(victim, c => c["iss"] = "someone-else")),
        ("wrong audience", CraftedTokens.With(victim, c => c["aud"] = "another-api")),
        ("empty sub", CraftedTokens.With("")),
        ("NUL in sub", CraftedTokens.With(victim + "\u0000")),
        ("201-character sub", CraftedTokens.With(victim + new string('x', 201 - victim.Length))),
        ("future nbf", CraftedTokens.Sign(CraftedTokens.Claims(victim, notBeforeIn: TimeSpan.FromMinutes(10)))),
    ];
}
