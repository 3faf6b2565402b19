using System.Net;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Api.WebConsole;

/// <summary>
/// The web console at <c>/console</c>: its static files (anonymous), <c>GET /console/config</c> (how to sign in) and,
/// in Development with an HS256 key only, <c>POST /console/dev-token</c> for loopback callers.
/// </summary>
public static class ConsoleApi
{
    public const string Path = "/console";

    public static IHostApplicationBuilder AddConsole(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section);
        builder.Services.AddSingleton<ConsoleFiles>();
        builder.Services.AddSingleton<DevTokenIssuer>();
        return builder;
    }

    public static WebApplication MapConsole(this WebApplication app)
    {
        // Matches /console and /console/ too; the page's relative links need the trailing slash.
        app.MapGet(Path + "/{**path}", (string? path, HttpContext http, ConsoleFiles files) =>
                string.IsNullOrEmpty(path) && !http.Request.Path.Value!.EndsWith('/') ? (IResult)TypedResults.Redirect(Path + "/") : files.Get(path, http))
            .AllowAnonymous().ExcludeFromDescription();

        var group = app.MapGroup(Path).AllowAnonymous().WithTags("Console");
        group.MapGet("/config", Config).WithName("GetConsoleConfig")
            .WithSummary("How the web console signs in")
            .WithDescription("signIn is development (the console asks POST /console/dev-token) or oidc (authorization code with PKCE " +
                             "against authority, the Api's Auth:Authority, with clientId and scope from Console:ClientId and Console:Scope).");
        if (app.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(app.Configuration["Auth:Authority"]))
        {
            group.MapPost("/dev-token", DevToken).WithName("CreateConsoleDevToken")
                .WithSummary("A short-lived development token for user dev (Development, loopback callers only)")
                .WithDescription("Only mapped in Development with an HS256 signing key; callers other than loopback get 403. " +
                                 "admin: true adds role admin (the operator view).")
                .ProducesProblem(StatusCodes.Status403Forbidden);
        }

        return app;
    }

    public static Ok<ConsoleConfig> Config(IOptions<ConsoleOptions> options, IConfiguration configuration, IWebHostEnvironment environment)
    {
        var authority = configuration["Auth:Authority"];
        var oidc = !string.IsNullOrWhiteSpace(authority) || !environment.IsDevelopment();
        var o = options.Value;
        return TypedResults.Ok(new ConsoleConfig(
            oidc ? ConsoleSignIn.Oidc : ConsoleSignIn.Development,
            oidc ? authority : null,
            oidc ? o.ClientId : null,
            o.Scope,
            o.AspireDashboardUrl,
            o.HangfireDashboardUrl));
    }

    public static Results<Ok<DevTokenResponse>, ProblemHttpResult> DevToken(DevTokenRequest? request, HttpContext http, DevTokenIssuer issuer)
    {
        // A token for anyone who can reach the port would be a back door on a shared machine: loopback only.
        if (http.Connection.RemoteIpAddress is not { } address || !IPAddress.IsLoopback(address))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: "Development sign-in is only for callers on this machine (loopback).");
        }

        return TypedResults.Ok(issuer.Issue(request?.Admin ?? false));
    }
}
