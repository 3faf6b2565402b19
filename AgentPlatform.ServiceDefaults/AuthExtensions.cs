using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>JWT bearer authentication as the contract says: an OIDC authority in production, an HS256 key in development.</summary>
public static class AuthExtensions
{
    public const string AdminPolicy = "admin";
    public const string AdminRole = "admin";

    public static IHostApplicationBuilder AddAgentPlatformAuth(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Auth");
        var issuer = section["Issuer"] ?? "agentplatform";
        var audience = section["Audience"] ?? "agentplatform-api";
        var authority = section["Authority"];
        var signingKey = section["SigningKey"];
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
                    if (!string.IsNullOrEmpty(token) && string.IsNullOrEmpty(ctx.Request.Headers.Authorization))
                    {
                        ctx.Token = token;
                    }

                    return Task.CompletedTask;
                },
                OnTokenValidated = ctx =>
                {
                    if (string.IsNullOrWhiteSpace(ctx.Principal?.FindFirst("sub")?.Value))
                    {
                        ctx.Fail("The token has no 'sub' claim.");
                    }

                    return Task.CompletedTask;
                },
            };
        });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(AdminRole));
        return builder;
    }
}
