using System.Net.Http.Headers;
using AgentPlatform.AppHost.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AgentPlatform.Bench.Support;

/// <summary>The Api in this process (as the fast tests host it) against the benchmark's PostgreSQL and Redis.</summary>
public sealed class BenchApi(LocalInfrastructure infrastructure, string database) : WebApplicationFactory<AgentPlatform.Api.Sessions.SessionDto>
{
    public const string SigningKey = "agentplatform-bench-signing-key-0123456789abcdef";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:agentdb", infrastructure.Database(database));
        builder.UseSetting("ConnectionStrings:redis", infrastructure.RedisConnectionString);
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("RateLimiting:PermitLimit", "1000000");
        builder.UseSetting("Sessions:MaxActiveRunsPerUser", "1000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Hangfire", "Warning");
    }

    public HttpClient ClientFor(string user)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", DevTokens.Create(SigningKey, user, admin: false, TimeSpan.FromHours(2)));
        return client;
    }
}
