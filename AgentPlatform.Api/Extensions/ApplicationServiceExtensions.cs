using AgentPlatform.Api.Agents;
using AgentPlatform.Api.Health;
using AgentPlatform.Api.Infrastructure;
using AgentPlatform.Api.Queue;
using AgentPlatform.Core.Events;
using AgentPlatform.Core.Jobs;
using Hangfire;

namespace AgentPlatform.Api.Extensions;

public static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            JsonDefaults.Configure(o.SerializerOptions);
            // Requests: enum values exactly as the contract spells them, numbers only as JSON numbers (as in queries).
            o.SerializerOptions.Converters.Insert(0, new StrictSnakeCaseEnumConverter());
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        // Malformed bodies throw, so the exception handler can answer with a problem that names the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = RequestBodyLimit.MaxBytes);

        builder.AddAgentPlatformAuth();
        builder.AddPerUserRateLimiting();
        var origins = builder.Configuration.GetSection("Cors:Origins").Get<string[]>() ?? [];
        services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().AllowCredentials()
            .WithExposedHeaders("Location", "Retry-After", "Idempotent-Replayed")));

        services.AddHttpContextAccessor();
        services.AddScoped<ISessionOwner, HttpSessionOwner>();
        var connectionString = DatabaseConnections.Tune(builder.Configuration.GetConnectionString(ResourceNames.Database)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ResourceNames.Database} is not configured."), builder.Configuration);
        services.AddDbContext<AgentDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        // No retries on a request path: a failing database is a fast 503 with Retry-After, the client retries.
        builder.EnrichNpgsqlDbContext<AgentDbContext>(s => s.DisableRetry = true);
        // In Production the migrate step owns the schema (Deployment/MigrateCommand); elsewhere the Api migrates at start.
        var migrateOnStart = DatabaseOptions.MigrateOnStartIn(builder.Configuration);
        services.AddSingleton<DatabaseMigrator>();
        if (migrateOnStart)
        {
            services.AddHostedService<MigrationService>();
        }

        builder.AddRedisClient(ResourceNames.Redis, configureOptions: RedisClientTuning.Apply);
        services.AddAgentPlatformHangfire(connectionString, prepareSchema: migrateOnStart);

        services.AddOptions<SessionDefaults>().BindConfiguration(SessionDefaults.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddAgentProfiles();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ISavedEventsObserver>(sp => new SessionMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), ResourceNames.ApiTelemetry));
        services.AddSingleton<AgentModels>();
        services.AddScoped<RunDispatcher>();
        services.AddSingleton<RunOutbox>();
        services.AddHostedService(sp => sp.GetRequiredService<RunOutbox>());
        services.AddSingleton<UserRunGate>();
        services.AddScoped<RunLimits>();
        services.AddScoped<IdempotencyService>();
        services.AddSingleton<RunSignalPublisher>();
        builder.AddEventStreams();
        services.AddAgentPlatformOpenApi();
        builder.AddApiHealthChecks();
        builder.AddQueueBacklog();
        return builder;
    }
}
