using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;

namespace AgentPlatform.Tests.Engine;

/// <summary>
/// The Worker in memory against a real model endpoint (the fake LLM server over HTTP), with the engine tests' tools
/// added to the general and simple_query profiles. Without a job server it runs nothing by itself: the test executes
/// the job, as Hangfire would, when it wants to. Without a connection string it runs the simulated model. With
/// <c>publishToolStates</c> it shares its tool states through Redis (give it a Redis database of its own in
/// <c>settings</c>, so other tests' merged states do not see its circuits).
/// </summary>
public sealed class EngineWorkerFactory(
    LocalInfrastructure infrastructure, string database, string? llmConnectionString, IReadOnlyList<CountingTool> tools, bool jobServer = true,
    IReadOnlyDictionary<string, string?>? settings = null, bool publishToolStates = false)
    : WebApplicationFactory<AgentPlatform.Worker.Agents.RunAgentJob>
{
    public const string FallbackModel = "fake-fallback-model";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:agentdb", infrastructure.Database(database));
        builder.UseSetting("ConnectionStrings:redis", infrastructure.RedisConnectionString);
        if (llmConnectionString is not null)
        {
            builder.UseSetting("ConnectionStrings:llm", llmConnectionString);
        }

        builder.UseSetting("Worker:WorkerCount", "4");
        builder.UseSetting("Auth:SigningKey", TestTokens.SigningKey);
        builder.UseSetting("Worker:ProcessJobs", jobServer ? "true" : "false");
        builder.UseSetting("Agents:FallbackModel", FallbackModel);
        builder.UseSetting("Tools:CircuitBreaker:MinimumThroughput", "2");
        builder.UseSetting("Tools:CircuitBreaker:FailureRatio", "0.5");
        foreach (var profile in new[] { "general", "simple_query" })
        {
            for (var i = 0; i < tools.Count; i++)
            {
                builder.UseSetting($"Agents:Profiles:{profile}:Tools:{20 + i}", tools[i].Name);
            }

            builder.UseSetting($"Agents:Profiles:{profile}:Tools:{20 + tools.Count}", ToolNames.AskHuman);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            foreach (var tool in tools)
            {
                services.AddSingleton<AgentTool>(tool);
            }

            // The engine tests' circuits stay in this process: the Api tests merge every Worker's tool states in the shared Redis.
            if (!publishToolStates)
            {
                services.RemoveAll(d => d.ServiceType == typeof(IHostedService) && Implementation(d) == typeof(ToolStatePublisher));
            }

            services.ConfigureAll<HttpStandardResilienceOptions>(o =>
            {
                o.Retry.Delay = TimeSpan.FromMilliseconds(20);
                o.Retry.MaxRetryAttempts = 1;
            });
        });
    }

    private static Type? Implementation(ServiceDescriptor d) => d.ImplementationType ?? d.ImplementationFactory?.Method.ReturnType;
}

internal static class ServiceCollectionRemoval
{
    public static void RemoveAll(this IServiceCollection services, Func<ServiceDescriptor, bool> match)
    {
        foreach (var descriptor in services.Where(match).ToList())
        {
            services.Remove(descriptor);
        }
    }
}
