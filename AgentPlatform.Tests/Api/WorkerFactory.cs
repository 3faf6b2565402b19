using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AgentPlatform.Tests.Api;

/// <summary>The Worker in memory: a Hangfire server on the same database, on the simulated model with a set latency.</summary>
public sealed class WorkerFactory(LocalInfrastructure infrastructure, string database, int latencyMs, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<AgentPlatform.Worker.Agents.RunAgentJob>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:agentdb", infrastructure.Database(database));
        builder.UseSetting("ConnectionStrings:redis", infrastructure.RedisConnectionString);
        builder.UseSetting("Llm:Simulated:LatencyMs", latencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Worker:WorkerCount", "4");
        builder.UseSetting("Auth:SigningKey", TestTokens.SigningKey);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Serves on Kestrel (a loopback socket) instead of the in-memory server; call before it starts.</summary>
    public WorkerFactory OnSocket()
    {
        UseKestrel(0);
        return this;
    }

    public HttpClient ClientFor(string? user, bool admin = false)
    {
        var client = CreateClient();
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Create(user, admin));
        }

        return client;
    }
}
