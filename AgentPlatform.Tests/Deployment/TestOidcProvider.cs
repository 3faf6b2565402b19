using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AgentPlatform.Tests.Deployment;

/// <summary>
/// A real OpenID Connect provider (OpenIddict's server) on 127.0.0.1: discovery, JWKS and a token endpoint with the
/// client-credentials flow, issuing signed JWT access tokens. Each registered client is a user of the platform: its
/// id becomes the token's <c>sub</c>, with the audience and role it was registered with. No store: the clients are
/// checked by an event handler (OpenIddict's degraded mode), which is all a test provider needs.
/// </summary>
public sealed class TestOidcProvider : IAsyncDisposable
{
    public const string TokenPath = "/connect/token";
    private readonly WebApplication _app;
    private readonly Dictionary<string, TestOidcClient> _clients;

    private TestOidcProvider(WebApplication app, Dictionary<string, TestOidcClient> clients, RsaSecurityKey key)
    {
        _app = app;
        _clients = clients;
        SigningKey = key;
    }

    public Uri Issuer { get; private set; } = null!;

    /// <summary>The provider's signing key (published in its JWKS), to forge what it would never issue (an expired token).</summary>
    public RsaSecurityKey SigningKey { get; }

    public static async Task<TestOidcProvider> StartAsync(IEnumerable<TestOidcClient> clients, CancellationToken ct)
    {
        var registered = clients.ToDictionary(c => c.ClientId, StringComparer.Ordinal);
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-provider-key" };
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetTokenEndpointUris(TokenPath.TrimStart('/'));
            o.AllowClientCredentialsFlow();
            o.EnableDegradedMode();
            o.AddSigningKey(key);
            o.AddEphemeralEncryptionKey();
            // Resource servers read JWTs; an encrypted access token would need the provider's encryption key.
            o.DisableAccessTokenEncryption();
            o.UseAspNetCore().DisableTransportSecurityRequirement().EnableTokenEndpointPassthrough();
            o.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(h => h.UseInlineHandler(context =>
            {
                if (context.ClientId is not { } id || !registered.TryGetValue(id, out var client) || client.Secret != context.ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "Unknown client or wrong secret.");
                }

                return ValueTask.CompletedTask;
            }));
        });
        var app = builder.Build();
        app.MapPost(TokenPath, (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
            var client = registered[request.ClientId!];
            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, client.ClientId);
            if (client.Role is { } role)
            {
                identity.SetClaim(Claims.Role, role);
            }

            identity.SetAudiences(client.Audience);
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        await app.StartAsync(ct);
        var provider = new TestOidcProvider(app, registered, key);
        provider.Issuer = new Uri(app.Services.ListeningAddress(), "/");
        return provider;
    }

    /// <summary>A token from the token endpoint, as a service or a frontend's backend would get it.</summary>
    public async Task<string> TokenAsync(string clientId, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = Issuer };
        using var response = await http.PostAsync(TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = GrantTypes.ClientCredentials,
            ["client_id"] = clientId,
            ["client_secret"] = _clients[clientId].Secret,
        }), ct);
        var body = await response.Content.ReadFromJsonAsync<TokenResponse>(ct);
        Assert.True(response.IsSuccessStatusCode, $"The provider refused the token request: {(int)response.StatusCode}");
        return body!.access_token;
    }

    /// <summary>A token as this provider would sign it for the client, but expired an hour ago.</summary>
    public string ExpiredToken(string clientId)
    {
        var client = _clients[clientId];
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer.ToString(),
            Audience = client.Audience,
            Claims = new Dictionary<string, object> { [Claims.Subject] = client.ClientId },
            IssuedAt = now.AddHours(-2),
            NotBefore = now.AddHours(-2),
            Expires = now.AddHours(-1),
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.RsaSha256),
            TokenType = "at+jwt",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // The token endpoint's JSON, named as OAuth names it.
#pragma warning disable IDE1006, SA1300
    private sealed record TokenResponse(string access_token, string token_type, int expires_in);
#pragma warning restore IDE1006, SA1300
}
