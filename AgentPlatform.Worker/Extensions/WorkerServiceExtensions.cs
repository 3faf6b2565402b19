using AgentPlatform.Core.Events;
using AgentPlatform.Core.Jobs;
using AgentPlatform.Worker.Agents;
using Hangfire;

namespace AgentPlatform.Worker.Extensions;

public static class WorkerServiceExtensions
{
    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var connectionString = builder.Configuration.GetConnectionString(ResourceNames.Database)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ResourceNames.Database} is not configured.");
        services.AddDbContext<AgentDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        builder.EnrichNpgsqlDbContext<AgentDbContext>();
        builder.AddRedisClient(ResourceNames.Redis);
        services.AddEventPublisher();

        services.AddAgentPlatformHangfire(connectionString);
        var workerCount = builder.Configuration.GetValue("Worker:WorkerCount", Environment.ProcessorCount * 4);
        var stopTimeout = TimeSpan.FromSeconds(20);
        services.AddHangfireServer((sp, o) =>
        {
            // Jobs are activated from this host's container, never from a process-wide activator.
            o.Activator = new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>());
            o.WorkerCount = workerCount;
            o.StopTimeout = stopTimeout;
            o.ShutdownTimeout = stopTimeout;
            o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });
        // Longer than Hangfire's own stop timeouts, so running jobs get their cancellation and can checkpoint.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = stopTimeout + TimeSpan.FromSeconds(10));

        services.AddScoped<IRunAgentJob, RunAgentJob>();
        services.AddScoped<RunDispatcher>();
        services.AddSingleton<RunCancellations>();
        services.AddSingleton<StopWatcher>();
        services.AddHostedService<CancelSignalListener>();
        services.AddHostedService<PendingRunSweeper>();
        services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
