using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentPlatform.Bench.Support;

/// <summary>
/// The Worker in this process with its job server, its model replaced by <paramref name="model"/> (behind the same
/// logging and OpenTelemetry layers as a real provider) and <paramref name="tools"/> offered to simple_query.
/// </summary>
public sealed class BenchWorker(LocalInfrastructure infrastructure, string database, IChatClient model, IReadOnlyList<ExecutableTool> tools)
    : WebApplicationFactory<AgentPlatform.Worker.Agents.RunAgentJob>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:agentdb", infrastructure.Database(database));
        builder.UseSetting("ConnectionStrings:redis", infrastructure.RedisConnectionString);
        builder.UseSetting("Auth:SigningKey", BenchApi.SigningKey);
        builder.UseSetting("Worker:WorkerCount", "4");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Hangfire", "Warning");
        for (var i = 0; i < tools.Count; i++)
        {
            builder.UseSetting($"Agents:Profiles:simple_query:Tools:{20 + i}", tools[i].Name);
        }

        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IChatClient>();
            services.AddChatClient(model).UseLogging().UseOpenTelemetry(sourceName: AgentPlatform.Core.ResourceNames.WorkerTelemetry);
            foreach (var tool in tools)
            {
                services.AddSingleton<AgentTool>(tool);
            }
        });
    }
}
