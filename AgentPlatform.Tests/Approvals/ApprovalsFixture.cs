using AgentPlatform.Tests.Engine;

namespace AgentPlatform.Tests.Approvals;

/// <summary>
/// The fake LLM server, the Api and a Worker whose simple_query profile holds every call of <see cref="Guarded"/> for
/// approval and whose general profile reviews its plans; tests route their model replies by their own marker and use
/// their own users. The approval timeout is the default (24 h): the timeout test runs a pair of its own.
/// </summary>
public sealed class ApprovalsFixture(LocalInfrastructure infrastructure) : IAsyncLifetime
{
    private FakeLlmServer? _llm;

    public LocalInfrastructure Infrastructure { get; } = infrastructure;

    public FakeLlmServer Llm => _llm ?? throw new InvalidOperationException("Not initialized.");

    public ScriptedModel Model { get; private set; } = null!;

    /// <summary>Held for approval: answers "guarded N" with the call's n.</summary>
    public CountingTool Guarded { get; } = new("guarded", (_, args, _) =>
        Task.FromResult($"guarded {(args.TryGetValue("n", out var n) ? n : "nothing")}"));

    /// <summary>Not held: answers "counted N".</summary>
    public CountingTool Counter { get; } = new("counter", (_, args, _) =>
        Task.FromResult($"counted {(args.TryGetValue("n", out var n) ? n : "nothing")}"));

    public ApiFactory Api { get; private set; } = null!;

    public EngineWorkerFactory Worker { get; private set; } = null!;

    /// <summary>The Api reads the same profiles (<c>GET /agents</c>).</summary>
    public static Dictionary<string, string?> ApiSettings => new(WorkerSettings()) { ["Sessions:MaxActiveRunsPerUser"] = "50" };

    /// <summary>The Worker settings of these tests: guarded held in simple_query, plans reviewed in general.</summary>
    public static Dictionary<string, string?> WorkerSettings(string? timeout = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Agents:Profiles:simple_query:RequireApproval:0"] = "guarded",
            ["Agents:Profiles:general:RequireApproval:0"] = "guarded",
            ["Agents:Profiles:general:ReviewPlan"] = "true",
        };
        if (timeout is not null)
        {
            settings["Agents:Approvals:Timeout"] = timeout;
            settings["Agents:Approvals:SweepInterval"] = "00:00:00.200";
        }

        return settings;
    }

    public CountingTool[] Tools => [Guarded, Counter];

    public async ValueTask InitializeAsync()
    {
        _llm = await FakeLlmServer.StartAsync();
        Model = new ScriptedModel(_llm);
        Api = new ApiFactory(Infrastructure, "approvals_tests", ApiSettings);
        Worker = new EngineWorkerFactory(Infrastructure, "approvals_tests", _llm.ConnectionString(), Tools, settings: WorkerSettings());
        // The Api migrates its database on start; the Worker starts after it, as in the AppHost.
        _ = Api.Server;
        _ = Worker.Server;
    }

    public HttpClient Client(string? user = null) => Api.ClientFor(user ?? ApiFixture.NewUser("approvals"));

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        await Api.DisposeAsync();
        await Llm.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ApprovalsCollection : ICollectionFixture<ApprovalsFixture>
{
    public const string Name = "Approvals";
}
