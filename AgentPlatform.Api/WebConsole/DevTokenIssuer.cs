using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentPlatform.Api.WebConsole;

/// <summary>
/// Signs development tokens with <c>Auth:SigningKey</c>, exactly as <c>./run.sh token</c> does (HS256, the configured
/// issuer and audience), through the JWT library the Api already validates with.
/// </summary>
public sealed class DevTokenIssuer(IConfiguration configuration, IOptions<ConsoleOptions> options, TimeProvider time)
{
    public const string User = "dev";

    public DevTokenResponse Issue(bool admin)
    {
        var auth = configuration.GetSection("Auth");
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth["SigningKey"]!));
        var now = time.GetUtcNow();
        var expires = now + options.Value.DevTokenLifetime;
        var claims = new List<Claim> { new("sub", User) };
        if (admin)
        {
            claims.Add(new("role", AuthExtensions.AdminRole));
        }

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth["Issuer"] ?? "agentplatform",
            Audience = auth["Audience"] ?? "agentplatform-api",
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return new DevTokenResponse(token, User, admin, expires);
    }
}
