using AgentPlatform.Api.Agents;
using AgentPlatform.Api.Health;
using AgentPlatform.Api.Infrastructure;
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
        services.ConfigureHttpJsonOptions(o => JsonDefaults.Configure(o.SerializerOptions));
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
        var connectionString = builder.Configuration.GetConnectionString(ResourceNames.Database)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ResourceNames.Database} is not configured.");
        services.AddDbContext<AgentDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        builder.EnrichNpgsqlDbContext<AgentDbContext>();
        // In Production the migrate step owns the schema (Deployment/MigrateCommand); elsewhere the Api migrates at start.
        var migrateOnStart = DatabaseOptions.MigrateOnStartIn(builder.Configuration);
        services.AddSingleton<DatabaseMigrator>();
        if (migrateOnStart)
        {
            services.AddHostedService<MigrationService>();
        }

        builder.AddRedisClient(ResourceNames.Redis);
        services.AddAgentPlatformHangfire(connectionString, prepareSchema: migrateOnStart);

        services.AddOptions<SessionDefaults>().BindConfiguration(SessionDefaults.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AgentProfiles>().BindConfiguration(AgentProfiles.Section);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ISavedEventsObserver>(sp => new SessionMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), ResourceNames.ApiTelemetry));
        services.AddSingleton<AgentModels>();
        services.AddScoped<RunDispatcher>();
        services.AddScoped<RunLimits>();
        services.AddScoped<IdempotencyService>();
        services.AddSingleton<RunSignalPublisher>();
        builder.AddEventStreams();
        services.AddAgentPlatformOpenApi();
        builder.AddApiHealthChecks();
        return builder;
    }
}
