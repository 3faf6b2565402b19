using Hangfire;
using Hangfire.PostgreSql;

namespace AgentPlatform.Core.Jobs;

/// <summary>The Hangfire storage both services use: PostgreSQL in the app database, woken by LISTEN/NOTIFY.</summary>
public static class HangfireStorageExtensions
{
    public const string Schema = "hangfire";

    public static IGlobalConfiguration UseAgentPlatformStorage(this IGlobalConfiguration configuration, string connectionString) =>
        configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions
            {
                SchemaName = Schema,
                PrepareSchemaIfNecessary = true,
                // Without it a job enqueued by the Api waits up to 15 s for the Worker's next poll.
                EnableLongPolling = true,
                QueuePollInterval = TimeSpan.FromSeconds(5),
                // A dead worker's job becomes visible again after this; the job is safe to run twice.
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = TimeSpan.FromMinutes(1),
            });
}
