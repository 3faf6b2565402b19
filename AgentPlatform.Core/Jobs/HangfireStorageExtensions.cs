using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Core.Jobs;

/// <summary>The Hangfire storage both services use: PostgreSQL in the app database, woken by LISTEN/NOTIFY.</summary>
public static class HangfireStorageExtensions
{
    public const string Schema = "hangfire";

    /// <summary>
    /// How long a fetched job stays invisible without a heartbeat by default: a dead Worker's job is fetched again
    /// after it. <c>Worker:InvisibilityTimeout</c> overrides it (the Worker's run host renews it every fifth of it, QueueRows).
    /// </summary>
    public static readonly TimeSpan DefaultInvisibilityTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Registers this host's own <see cref="JobStorage"/> (Hangfire's client and server take it from the container,
    /// not from the process-wide <c>JobStorage.Current</c>, so two hosts in one process never cross).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="connectionString">The app database.</param>
    /// <param name="prepareSchema">Whether the storage installs its schema when first created; off where the
    /// <c>migrate</c> step owns the schema (Production).</param>
    /// <param name="invisibilityTimeout">A fetched job's invisibility without a heartbeat; <see cref="DefaultInvisibilityTimeout"/> when null.</param>
    public static IServiceCollection AddAgentPlatformHangfire(
        this IServiceCollection services, string connectionString, bool prepareSchema = true, TimeSpan? invisibilityTimeout = null)
    {
        var options = StorageOptions(prepareSchema, invisibilityTimeout ?? DefaultInvisibilityTimeout);
        services.AddSingleton<StorageCalls>();
        services.AddSingleton<JobStorage>(_ => new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options));
        services.AddHangfire((sp, configuration) =>
        {
            configuration
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseStorage(sp.GetRequiredService<JobStorage>())
                .UseLogProvider(new DisposalTolerantLogProvider(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()));
            // Hangfire's culture filter stores and reads two job parameters per job (four queries); every process runs
            // in invariant globalization mode (Directory.Build.props), so there is no culture to carry.
            if (GlobalJobFilters.Filters.FirstOrDefault(f => f.Instance is CaptureCultureAttribute) is { } culture)
            {
                GlobalJobFilters.Filters.Remove(culture.Instance);
            }

            // Hangfire's filters are process-wide: add the trace filter once even when two hosts share a process.
            if (!GlobalJobFilters.Filters.Any(f => f.Instance is TraceContextJobFilter))
            {
                configuration.UseFilter(new TraceContextJobFilter());
            }
        });
        return services;
    }

    /// <summary>Installs or upgrades Hangfire's schema: the storage does it when created with PrepareSchemaIfNecessary.</summary>
    public static void InstallSchema(string connectionString)
    {
        var options = StorageOptions(prepareSchema: true, DefaultInvisibilityTimeout);
        _ = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    private static PostgreSqlStorageOptions StorageOptions(bool prepareSchema, TimeSpan invisibilityTimeout) => new()
    {
        SchemaName = Schema,
        PrepareSchemaIfNecessary = prepareSchema,
        // Without it a job enqueued by the Api waits up to 15 s for the Worker's next poll.
        EnableLongPolling = true,
        QueuePollInterval = TimeSpan.FromSeconds(5),
        // A dead worker's job becomes visible again after this; the job is safe to run twice.
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = invisibilityTimeout,
    };
}
