using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>JWT bearer authentication as the contract says: an OIDC authority in production, an HS256 key in development.</summary>
public static class AuthExtensions
{
    public const string AdminPolicy = "admin";
    public const string AdminRole = "admin";
    public const string MetricsPolicy = "metrics";

    /// <summary>The scrape credential's role: <c>/metrics</c> accepts it and nothing else does.</summary>
    public const string MetricsRole = "metrics";

    public static IHostApplicationBuilder AddAgentPlatformAuth(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Auth");
        var issuer = section["Issuer"] ?? "agentplatform";
        var audience = section["Audience"] ?? "agentplatform-api";
        var authority = section["Authority"];
        var signingKey = section["SigningKey"];
        var clockSkew = TimeSpan.FromSeconds(section.GetValue("ClockSkewSeconds", 30));
        if (string.IsNullOrWhiteSpace(authority) && string.IsNullOrWhiteSpace(signingKey))
        {
            throw new InvalidOperationException(
                "Authentication is not configured: set Auth:Authority (an OIDC issuer) or Auth:SigningKey (HS256, at least 32 bytes).");
        }

        if (string.IsNullOrWhiteSpace(authority) && Encoding.UTF8.GetByteCount(signingKey!) < 32)
        {
            throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes.");
        }

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = issuer,
                ValidAudience = audience,
                NameClaimType = "sub",
                RoleClaimType = "role",
                ValidateIssuerSigningKey = true,
                ClockSkew = clockSkew,
            };
            if (!string.IsNullOrWhiteSpace(authority))
            {
                o.Authority = authority;
                o.Audience = audience;
            }
            else
            {
                o.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey!));
            }

            // Browsers' WebSocket and EventSource clients cannot set headers: they send ?access_token=.
            o.Events = new JwtBearerEvents
            {
                OnMessageReceived = ctx =>
                {
                    var token = ctx.Request.Query["access_token"];
                    if (!string.IsNullOrEmpty(token) && string.IsNullOrEmpty(ctx.Request.Headers.Authorization)
                        && ctx.HttpContext.GetEndpoint()?.Metadata.GetMetadata<QueryTokenAllowed>() is not null)
                    {
                        ctx.Token = token;
                    }

                    return Task.CompletedTask;
                },
                OnTokenValidated = ctx =>
                {
                    if (!SubjectRules.IsValid(ctx.Principal?.FindFirst("sub")?.Value))
                    {
                        ctx.Fail($"The token's 'sub' claim is missing, longer than {SubjectRules.MaxLength} characters or has characters an id may not have.");
                    }

                    return Task.CompletedTask;
                },
            };
        });

        // A metrics token is refused by the default and fallback policies: it may scrape, nothing else.
        var user = new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
            .RequireAssertion(c => !c.User.IsInRole(MetricsRole) || c.User.IsInRole(AdminRole)).Build();
        builder.Services.AddAuthorizationBuilder()
            .SetDefaultPolicy(user)
            .SetFallbackPolicy(user)
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(AdminRole))
            .AddPolicy(MetricsPolicy, p => p.RequireAuthenticatedUser().RequireRole(MetricsRole, AdminRole));
        return builder;
    }
}
