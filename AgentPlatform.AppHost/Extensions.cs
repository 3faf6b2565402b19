using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.AppHost;

/// <summary>The longer wiring of the AppHost: infrastructure by mode, and the optional LLM provider.</summary>
internal static class Extensions
{
    private const string InstallHint =
        "Install a container engine (Docker or Podman), or PostgreSQL and Redis for local processes " +
        "(Debian/Ubuntu: 'apt-get install postgresql redis-server'); './run.sh' does the latter for you when it can.";

    public static (IResourceBuilder<IResourceWithConnectionString> Database, IResourceBuilder<IResourceWithConnectionString> Redis, InfrastructureMode Mode)
        AddInfrastructure(this IDistributedApplicationBuilder builder, LocalState state)
    {
        var configured = builder.Configuration["Infrastructure:Mode"];
        var mode = string.IsNullOrWhiteSpace(configured)
            ? InfrastructureMode.Auto
            : Enum.TryParse<InfrastructureMode>(configured, ignoreCase: true, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"Infrastructure:Mode '{configured}' is not one of auto, containers, local.");
        if (mode == InfrastructureMode.Auto)
        {
            mode = ContainerEngine.Answers(builder.Configuration) ? InfrastructureMode.Containers : InfrastructureMode.Local;
        }

        var (database, redis) = mode == InfrastructureMode.Containers ? builder.AddContainerInfrastructure() : builder.AddLocalInfrastructure(state);
        return (database, redis, mode);
    }

    private static (IResourceBuilder<IResourceWithConnectionString>, IResourceBuilder<IResourceWithConnectionString>)
        AddContainerInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var database = builder.AddPostgres(ResourceNames.Postgres).WithDataVolume().AddDatabase(ResourceNames.Database);
        var redis = builder.AddRedis(ResourceNames.Redis);
        return (builder.CreateResourceBuilder<IResourceWithConnectionString>(database.Resource),
            builder.CreateResourceBuilder<IResourceWithConnectionString>(redis.Resource));
    }

    private static (IResourceBuilder<IResourceWithConnectionString>, IResourceBuilder<IResourceWithConnectionString>)
        AddLocalInfrastructure(this IDistributedApplicationBuilder builder, LocalState state)
    {
        var config = builder.Configuration;
        var postgresBin = Executables.FindPostgresBin(config)
            ?? throw new InvalidOperationException("No container engine answers and no PostgreSQL binaries were found (postgres and initdb). " + InstallHint);
        var redisServer = Executables.FindRedisServer(config)
            ?? throw new InvalidOperationException("No container engine answers and no redis-server was found. " + InstallHint);

        // PostgreSQL: initdb on first use, data kept in the state folder.
        var pgRoot = Path.Combine(state.Directory, "postgres");
        var pgData = Path.Combine(pgRoot, "data");
        var pgPassword = state.Secret("postgresPassword");
        PostgresDataDirectory.EnsureInitialized(postgresBin, pgRoot, pgData, pgPassword);
        var pgPort = FreePort.Choose(config["Infrastructure:PostgresPort"]);
        var pgPortText = pgPort.ToString(CultureInfo.InvariantCulture);
        var (pgCommand, pgArgs) = PostgresDataDirectory.AsServiceUser(Path.Combine(postgresBin, "postgres"),
            "-D", pgData, "-p", pgPortText, "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=");
        var pgSecret = builder.AddParameter("postgres-password", pgPassword, secret: true);
        var postgres = builder.AddResource(new LocalPostgresResource(
                ResourceNames.Postgres, pgCommand, pgRoot, pgSecret.Resource, pgPort, ResourceNames.Database))
            .WithArgs([.. pgArgs])
            .WithEndpoint(name: "tcp", scheme: "tcp", port: pgPort, targetPort: pgPort, isProxied: false)
            .WithHealthCheck("postgres-ready");
        builder.Services.AddHealthChecks().AddNpgSql(
            $"Host=127.0.0.1;Port={pgPortText};Username=postgres;Password={pgPassword};Database=postgres;Timeout=3",
            name: "postgres-ready");

        // Redis: append-only file in the state folder, password required.
        var redisDir = Path.Combine(state.Directory, "redis");
        Directory.CreateDirectory(redisDir);
        var redisPassword = state.Secret("redisPassword");
        var redisPort = FreePort.Choose(config["Infrastructure:RedisPort"]);
        var redisPortText = redisPort.ToString(CultureInfo.InvariantCulture);
        var redisSecret = builder.AddParameter("redis-password", redisPassword, secret: true);
        // The password goes in a file only its owner reads: on the command line it shows in ps and in DCP's logs.
        var redisConfig = RedisConfigFile.Write(redisDir, redisPassword);
        var redis = builder.AddResource(new LocalRedisResource(ResourceNames.Redis, redisServer, redisDir, redisSecret.Resource, redisPort))
            .WithArgs(redisConfig, "--port", redisPortText, "--bind", "127.0.0.1", "--dir", redisDir, "--appendonly", "yes",
                "--daemonize", "no")
            .WithEndpoint(name: "tcp", scheme: "tcp", port: redisPort, targetPort: redisPort, isProxied: false)
            .WithHealthCheck("redis-ready");
        builder.Services.AddHealthChecks().AddRedis($"127.0.0.1:{redisPortText},password={redisPassword}", name: "redis-ready");

        return (builder.CreateResourceBuilder<IResourceWithConnectionString>(postgres.Resource),
            builder.CreateResourceBuilder<IResourceWithConnectionString>(redis.Resource));
    }

    /// <summary>The connection string <c>llm</c> when one is configured; without it the services use the simulated model.</summary>
    public static IResourceBuilder<IResourceWithConnectionString>? AddOptionalLlm(this IDistributedApplicationBuilder builder) =>
        string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ResourceNames.Llm))
            ? null
            : builder.AddConnectionString(ResourceNames.Llm);

    /// <summary>Passes <c>Llm:Simulated:LatencyMs</c> to a service when the AppHost was given one (demos and tests).</summary>
    public static IResourceBuilder<ProjectResource> WithSimulatedLatency(this IResourceBuilder<ProjectResource> project, IConfiguration configuration) =>
        configuration["Llm:Simulated:LatencyMs"] is { Length: > 0 } latency
            ? project.WithEnvironment("Llm__Simulated__LatencyMs", latency)
            : project;

    public static IResourceBuilder<ProjectResource> WithOptionalReference(
        this IResourceBuilder<ProjectResource> project, IResourceBuilder<IResourceWithConnectionString>? source) =>
        source is null ? project : project.WithReference(source);

    /// <summary>The web console's operator view links to the Hangfire dashboard on the Worker and to this dashboard.</summary>
    public static IResourceBuilder<ProjectResource> WithConsoleLinks(
        this IResourceBuilder<ProjectResource> api, IResourceBuilder<ProjectResource> worker, IConfiguration configuration)
    {
        api.WithEnvironment("Console__HangfireDashboardUrl", ReferenceExpression.Create($"{worker.GetEndpoint("http")}/hangfire"));
        if (configuration["ASPNETCORE_URLS"]?.Split(';')[0] is { Length: > 0 } dashboard)
        {
            api.WithEnvironment("Console__AspireDashboardUrl", dashboard);
        }

        return api;
    }
}
