using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AgentPlatform.Worker.Jobs;

public static class RunHostServiceExtensions
{
    /// <summary>The run host and the Hangfire server that carries it (see <see cref="JobServerControl"/>).</summary>
    public static IHostApplicationBuilder AddRunHost(this IHostApplicationBuilder builder, string connectionString)
    {
        var services = builder.Services;
        services.AddOptions<RunHostOptions>().BindConfiguration(RunHostOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The fetch loop, the LISTEN connection, the leases and the jobs' completions: connections of their own, apart from the runs' pool.
        var queueDatabase = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 6, ApplicationName = "agentplatform-worker-queue" };
        services.AddKeyedSingleton(nameof(RunHost), (_, _) => NpgsqlDataSource.Create(queueDatabase.ConnectionString));
        services.AddSingleton(sp => new FairJobFetcher(sp.GetRequiredKeyedService<NpgsqlDataSource>(nameof(RunHost)),
            sp.GetRequiredService<IOptions<RunHostOptions>>().Value.InvisibilityTimeout));
        services.AddSingleton(sp => new QueueRows(sp.GetRequiredKeyedService<NpgsqlDataSource>(nameof(RunHost)),
            sp.GetRequiredService<IOptions<RunHostOptions>>().Value.InvisibilityTimeout, sp.GetRequiredService<ILogger<QueueRows>>()));
        services.AddSingleton(sp => new QueueNotifications(
            sp.GetRequiredKeyedService<NpgsqlDataSource>(nameof(RunHost)), sp.GetRequiredService<ILogger<QueueNotifications>>()));
        services.AddSingleton(sp => new JobCompletion(sp.GetRequiredKeyedService<NpgsqlDataSource>(nameof(RunHost)), sp.GetRequiredService<QueueRows>()));
        services.AddSingleton<AsyncJobPerformer>();
        services.AddSingleton<JobExecutor>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<RunHost>(sp, sp.GetRequiredKeyedService<NpgsqlDataSource>(nameof(RunHost))));
        services.AddSingleton<JobServerControl>();
        services.AddHostedService(sp => sp.GetRequiredService<JobServerControl>());
        // Longer than the host's stop timeout and hand-over, so running runs get their cancellation and can checkpoint.
        services.AddOptions<HostOptions>().Configure<IOptions<RunHostOptions>>((o, run) => o.ShutdownTimeout = run.Value.StopTimeout + TimeSpan.FromSeconds(15));
        return builder;
    }

}
