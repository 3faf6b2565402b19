using AgentPlatform.Core.Agents;
using AgentPlatform.Core.Events;
using AgentPlatform.Core.Jobs;
using AgentPlatform.Worker.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using AgentPlatform.Worker.Agents;
using AgentPlatform.Worker.Agents.Planning;
using AgentPlatform.Worker.Agents.Approvals;
using AgentPlatform.Worker.Agents.Elicitation;
using AgentPlatform.Worker.Jobs;
using AgentPlatform.Worker.Telemetry;

namespace AgentPlatform.Worker.Extensions;

public static class WorkerServiceExtensions
{
    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.ConfigureHttpJsonOptions(o => JsonDefaults.Configure(o.SerializerOptions));
        var connectionString = DatabaseConnections.Tune(builder.Configuration.GetConnectionString(ResourceNames.Database)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ResourceNames.Database} is not configured."), builder.Configuration);
        services.AddDbContext<AgentDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        builder.EnrichNpgsqlDbContext<AgentDbContext>();
        builder.AddRedisClient(ResourceNames.Redis, configureOptions: RedisClientTuning.Apply);
        services.AddEventPublisher();

        // Database:MigrateOnStart=false (Production): the migrate step installs Hangfire's schema, not the Worker.
        services.AddAgentPlatformHangfire(connectionString, prepareSchema: builder.Configuration.GetValue("Database:MigrateOnStart", true),
            invisibilityTimeout: builder.Configuration.GetValue<TimeSpan?>($"{RunHostOptions.Section}:{nameof(RunHostOptions.InvisibilityTimeout)}"));
        builder.AddRunHost(connectionString);

        services.AddAgentProfiles();
        services.AddOptions<EngineOptions>().BindConfiguration(EngineOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CompactionOptions>().BindConfiguration(CompactionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IMemorySummarizer, ChatClientSummarizer>();
        services.AddSingleton<MemoryCompactor>();
        services.AddScoped<IConversationCompactor, ConversationCompactor>();
        services.AddScoped<SessionMemory>();
        services.AddScoped<AgentEngine>();
        services.AddScoped<ModelCaller>();
        services.AddSingleton<StructuredOutputSupport>();
        services.AddScoped<Planner>();
        services.AddScoped<ToolRunner>();
        services.AddToolApprovals();
        services.AddElicitation();
        services.AddScoped<PlanReviewer>();
        services.AddScoped<IRunAgentJob, RunAgentJob>();
        services.AddScoped<RunDispatcher>();
        services.AddSingleton<RunCancellations>();
        services.AddSingleton<StopWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<StopWatcher>());
        services.AddHostedService<CancelSignalListener>();
        services.AddHostedService<PendingRunSweeper>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ISavedEventsObserver>(sp => new SessionMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), ResourceNames.WorkerTelemetry));
        services.AddHostedService<ToolCircuitMetrics>();
        return builder;
    }
}
