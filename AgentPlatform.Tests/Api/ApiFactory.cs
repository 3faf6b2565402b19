using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Net.Http.Headers;

namespace AgentPlatform.Tests.Api;

/// <summary>The Api in memory against the real PostgreSQL and Redis; settings override its configuration.</summary>
public sealed class ApiFactory(LocalInfrastructure infrastructure, string database, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<AgentPlatform.Api.Sessions.SessionDto>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:agentdb", infrastructure.Database(database));
        builder.UseSetting("ConnectionStrings:redis", infrastructure.RedisConnectionString);
        builder.UseSetting("Auth:SigningKey", TestTokens.SigningKey);
        builder.UseSetting("RateLimiting:PermitLimit", "100000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient ClientFor(string? user, bool admin = false)
    {
        var client = CreateClient();
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(user, admin));
        }

        return client;
    }
}
