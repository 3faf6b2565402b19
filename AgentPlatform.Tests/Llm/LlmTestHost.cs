using AgentPlatform.Core;
using AgentPlatform.Worker.Llm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Tests.Llm;

/// <summary>
/// The Worker's LLM registration as its Program.cs makes it (service defaults, then <c>AddLlm</c>), in a host whose
/// configuration holds only what the test gives it.
/// </summary>
internal static class LlmTestHost
{
    /// <summary>
    /// The retry pipeline's base delay in tests (production: 2 s, growing). Short, so a wait seen in a test comes from
    /// the server's Retry-After and not from the backoff.
    /// </summary>
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromMilliseconds(50);

    public static IHost Build(string environment, string? connectionString, Action<HttpStandardResilienceOptions>? resilience = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = environment,
            ApplicationName = "AgentPlatform.Worker",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ResourceNames.Llm}"] = connectionString,
        });
        builder.Logging.ClearProviders();

        builder.AddServiceDefaults(ResourceNames.WorkerTelemetry);
        builder.AddLlm();

        builder.Services.ConfigureAll<HttpStandardResilienceOptions>(o =>
        {
            o.Retry.Delay = RetryBaseDelay;
            resilience?.Invoke(o);
        });
        return builder.Build();
    }
}
