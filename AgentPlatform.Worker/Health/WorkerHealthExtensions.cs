namespace AgentPlatform.Worker.Health;

public static class WorkerHealthExtensions
{
    public const string ProbeClient = "llm-probe";

    public static IHostApplicationBuilder AddWorkerHealthChecks(this IHostApplicationBuilder builder)
    {
        // Registered first: the Worker's start waits for the schema before Hangfire's server starts.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, MigrationsGate>());
        builder.Services.AddHttpClient(ProbeClient, c => c.Timeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton<LlmHealthCheck>();
        builder.Services.AddHealthChecks().AddCheck<LlmHealthCheck>("llm").AddCheck<QueueHealthCheck>("queue");
        return builder;
    }
}
