using Microsoft.Extensions.AI;

namespace AgentPlatform.Tests.Engine;

/// <summary>
/// The fake LLM server, the Api and a Worker whose model is that server (over real HTTP), on their own database;
/// plus a second pair whose Worker runs no job server, so a test can execute a job itself, twice, as Hangfire would
/// after a Worker died. Tests share it; each routes its model replies by its own marker and uses its own user.
/// </summary>
public sealed class EngineFixture(LocalInfrastructure infrastructure) : IAsyncLifetime
{
    public const string ManualDatabase = "engine_manual";

    /// <summary>The task type whose profile runs on <see cref="UnstructuredModel"/> (no engine test uses it otherwise).</summary>
    public const string UnstructuredTaskType = "code_generation";

    /// <summary>A model of the fake server that answers a request for structured output with a 400 about response_format.</summary>
    public const string UnstructuredModel = "fake-model-unstructured";

    private FakeLlmServer? _llm;

    public LocalInfrastructure Infrastructure { get; } = infrastructure;

    public FakeLlmServer Llm => _llm ?? throw new InvalidOperationException("Not initialized.");

    public ScriptedModel Model { get; private set; } = null!;

    /// <summary>Answers "counted N" with the call's n.</summary>
    public CountingTool Counter { get; } = new("counter", (_, args, _) =>
        Task.FromResult($"counted {(args.TryGetValue("n", out var n) ? n : "nothing")}"));

    /// <summary>Always throws: its circuit opens.</summary>
    public CountingTool Flaky { get; } = new("flaky", (_, _, _) => throw new InvalidOperationException("flaky is broken"));

    /// <summary>Waits 30 s, or until cancelled.</summary>
    public CountingTool Slow { get; } = new("slow", async (_, _, ct) =>
    {
        await Task.Delay(TimeSpan.FromSeconds(30), ct);
        return "slow finished";
    });

    public ApiFactory Api { get; private set; } = null!;

    public EngineWorkerFactory Worker { get; private set; } = null!;

    public ApiFactory ManualApi { get; private set; } = null!;

    public EngineWorkerFactory ManualWorker { get; private set; } = null!;

    /// <summary>Like <see cref="ManualWorker"/>, on the same database, but on the built-in simulated model.</summary>
    public EngineWorkerFactory SimulatedWorker { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _llm = await FakeLlmServer.StartAsync();
        Model = new ScriptedModel(_llm);
        var settings = new Dictionary<string, string?> { ["Sessions:MaxActiveRunsPerUser"] = "50" };
        CountingTool[] tools = [Counter, Flaky, Slow];
        Api = new ApiFactory(Infrastructure, "engine_tests", settings);
        _llm.ModelsWithoutStructuredOutput.Add(UnstructuredModel);
        Worker = new EngineWorkerFactory(Infrastructure, "engine_tests", _llm.ConnectionString(), tools,
            settings: new Dictionary<string, string?> { [$"Agents:Profiles:{UnstructuredTaskType}:Model"] = UnstructuredModel });
        ManualApi = new ApiFactory(Infrastructure, ManualDatabase, settings);
        ManualWorker = new EngineWorkerFactory(Infrastructure, ManualDatabase, _llm.ConnectionString(), tools, jobServer: false);
        SimulatedWorker = new EngineWorkerFactory(Infrastructure, ManualDatabase, llmConnectionString: null, tools, jobServer: false);
        // The Api migrates its database on start; the Worker starts after it, as in the AppHost.
        _ = Api.Server;
        _ = Worker.Server;
        _ = ManualApi.Server;
        _ = ManualWorker.Server;
        _ = SimulatedWorker.Server;
    }

    public HttpClient Client(string? user = null) => Api.ClientFor(user ?? ApiFixture.NewUser("engine"));

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        await Api.DisposeAsync();
        await ManualWorker.DisposeAsync();
        await SimulatedWorker.DisposeAsync();
        await ManualApi.DisposeAsync();
        await Llm.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "Engine";
}
