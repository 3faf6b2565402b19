using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace AgentPlatform.Tests.WebConsole;

/// <summary>
/// An OIDC provider as little as the console's flow needs: the discovery document, an authorization endpoint that
/// signs the user in at once and redirects back with a code bound to the PKCE challenge, and a token endpoint that
/// redeems the code only with the matching S256 verifier. The access token is a development token the Api accepts.
/// </summary>
public sealed class FakeOidcProvider : IAsyncDisposable
{
    public const string ClientId = "agentplatform-console";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string Challenge, string RedirectUri)> _codes = new();

    private FakeOidcProvider(WebApplication app, string user)
    {
        _app = app;
        app.Use(async (context, next) =>
        {
            context.Response.Headers.AccessControlAllowOrigin = "*";
            await next(context);
        });
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Authority,
            ["authorization_endpoint"] = Authority + "/authorize",
            ["token_endpoint"] = Authority + "/token",
            ["response_types_supported"] = new[] { "code" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        app.MapGet("/authorize", (HttpRequest request) =>
        {
            var q = request.Query;
            if (q["response_type"] != "code" || q["client_id"] != ClientId || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]))
            {
                return Results.BadRequest("a code request with an S256 PKCE challenge was expected");
            }

            var code = Guid.NewGuid().ToString("N");
            _codes[code] = (q["code_challenge"]!, q["redirect_uri"]!);
            return Results.Redirect(QueryHelpers.AddQueryString(q["redirect_uri"]!, new Dictionary<string, string?> { ["code"] = code, ["state"] = q["state"] }));
        });
        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            TokenRequests++;
            if (form["grant_type"] != "authorization_code" || form["client_id"] != ClientId || !_codes.TryRemove(form["code"].ToString(), out var issued))
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }

            var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
            if (challenge != issued.Challenge || form["redirect_uri"] != issued.RedirectUri)
            {
                return Results.Json(new { error = "invalid_grant", error_description = "the PKCE verifier or redirect_uri does not match" }, statusCode: 400);
            }

            return Results.Json(new { access_token = TestTokens.Create(user), token_type = "Bearer", expires_in = 3600 });
        });
    }

    public string Authority { get; private set; } = "";

    public int TokenRequests { get; private set; }

    public static async Task<FakeOidcProvider> StartAsync(string user, CancellationToken ct)
    {
        var provider = new FakeOidcProvider(LoopbackApp.Create(), user);
        await provider._app.StartAsync(ct);
        provider.Authority = provider._app.Services.ListeningAddress().GetLeftPart(UriPartial.Authority);
        return provider;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
