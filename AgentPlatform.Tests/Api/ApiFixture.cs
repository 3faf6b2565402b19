namespace AgentPlatform.Tests.Api;

/// <summary>
/// One Api and one Worker (simulated model answering after 1.2 s, so a run is still processing while a test acts on
/// it), shared by the API tests. Tests never share data: each uses its own user ids.
/// </summary>
public sealed class ApiFixture(LocalInfrastructure infrastructure) : IAsyncLifetime
{
    public const int ModelLatencyMs = 1200;

    public ApiFactory Api { get; } = new(infrastructure, "api_tests", new Dictionary<string, string?> { ["Sessions:MaxActiveRunsPerUser"] = "50" });

    public WorkerFactory Worker { get; } = new(infrastructure, "api_tests", ModelLatencyMs);

    public LocalInfrastructure Infrastructure { get; } = infrastructure;

    public ValueTask InitializeAsync()
    {
        // The Api migrates the database on start; the Worker starts after it, as in the AppHost.
        _ = Api.Server;
        _ = Worker.Server;
        return ValueTask.CompletedTask;
    }

    public HttpClient Client(string? user, bool admin = false) => Api.ClientFor(user, admin);

    /// <summary>A user id no other test uses.</summary>
    public static string NewUser(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}";

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        await Api.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "Api";
}
