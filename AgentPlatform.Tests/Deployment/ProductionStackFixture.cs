using System.Net;
using Npgsql;

namespace AgentPlatform.Tests.Deployment;

/// <summary>
/// The production configuration, started for real: a test OIDC provider, the fake LLM server, and the Api and the
/// Worker as processes with <c>ASPNETCORE_ENVIRONMENT=Production</c> and their appsettings.Production.json, against the
/// tests' PostgreSQL (a database of their own, created by nobody yet) and Redis. On the way up it records what the
/// deployment order must guarantee: the Api, started first, does not migrate; then two <c>migrate</c> steps run at
/// once; then the Api reports ready and the Worker starts.
/// </summary>
public sealed class ProductionStackFixture(LocalInfrastructure infrastructure) : IAsyncLifetime
{
    public const string Audience = "agentplatform-api";
    public static readonly TestOidcClient User = new("prod-user", "prod-user-secret", Audience);
    public static readonly TestOidcClient OtherAudience = new("other-app", "other-app-secret", "another-api");

    private readonly string _database = "agentdb_prod_" + Guid.NewGuid().ToString("N")[..8];
    private FakeLlmServer? _llm;
    private TestOidcProvider? _provider;
    private ServiceProcess? _api;
    private ServiceProcess? _worker;

    public TestOidcProvider Provider => _provider!;

    public ServiceProcess Api => _api!;

    public ServiceProcess Worker => _worker!;

    public bool DatabaseExistedBeforeMigrate { get; private set; }

    public HttpStatusCode ApiHealthBeforeMigrate { get; private set; }

    public IReadOnlyList<int> MigrateExitCodes { get; private set; } = [];

    public string MigrateOutput { get; private set; } = "";

    public string ConnectionString => infrastructure.Database(_database);

    /// <summary>What the Api and the Worker need in Production, pointed at the test's provider and servers.</summary>
    public Dictionary<string, string> Environment() => new()
    {
        ["ConnectionStrings__agentdb"] = ConnectionString,
        ["ConnectionStrings__redis"] = infrastructure.RedisConnectionString,
        ["ConnectionStrings__llm"] = _llm!.ConnectionString(),
        ["Auth__Authority"] = Provider.Issuer.ToString(),
        ["Auth__Issuer"] = Provider.Issuer.ToString(),
        ["Auth__Audience"] = Audience,
        // The test provider listens on plain HTTP on loopback; a real one is HTTPS, and the default stays on.
        ["Auth__RequireHttpsMetadata"] = "false",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Tools__WorkspaceRoot"] = Path.Combine(Path.GetTempPath(), "agentplatform-prod-" + _database),
    };

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _llm = await FakeLlmServer.StartAsync(ct);
        _provider = await TestOidcProvider.StartAsync([User, OtherAudience], ct);
        var environment = Environment();

        _api = ServiceProcess.Start("AgentPlatform.Api", environment);
        await _api.WaitForStatusAsync("/alive", HttpStatusCode.OK, ct);
        using (var http = new HttpClient { BaseAddress = _api.Address })
        {
            ApiHealthBeforeMigrate = (await http.GetAsync("/health", ct)).StatusCode;
        }

        DatabaseExistedBeforeMigrate = await DatabaseExistsAsync(ct);

        await using var first = ServiceProcess.Start("AgentPlatform.Api", environment, "migrate");
        await using var second = ServiceProcess.Start("AgentPlatform.Api", environment, "migrate");
        MigrateExitCodes = await Task.WhenAll(
            first.WaitForExitAsync(TimeSpan.FromMinutes(2), ct), second.WaitForExitAsync(TimeSpan.FromMinutes(2), ct));
        MigrateOutput = first.Output + "\n" + second.Output;

        _worker = ServiceProcess.Start("AgentPlatform.Worker", environment);
        await _worker.WaitForStatusAsync("/alive", HttpStatusCode.OK, ct);
        await _api.WaitForStatusAsync("/health", HttpStatusCode.OK, ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { _worker, _api })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }

        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }

        if (_llm is not null)
        {
            await _llm.DisposeAsync();
        }
    }

    private async Task<bool> DatabaseExistsAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(infrastructure.Database("postgres"));
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = _database } },
        };
        return (long)(await command.ExecuteScalarAsync(ct))! > 0;
    }
}

[CollectionDefinition(Name)]
public sealed class ProductionStackCollection : ICollectionFixture<ProductionStackFixture>
{
    public const string Name = "Production stack";
}
