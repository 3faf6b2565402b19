using AgentPlatform.Tests.Engine;
using AgentPlatform.Worker.Memory;

namespace AgentPlatform.Tests.Memory;

/// <summary>
/// The fake LLM server, and two Api + Worker pairs on their own databases, whose Worker calls that server over HTTP:
/// one compacts (a model with a 3,000-token context window, K = 1), the other has compaction switched off. The tools
/// include <see cref="Bulky"/>, whose output is about 700 tokens, and pin_fact. A third pair compacts like the first but
/// its Worker runs no job server (<see cref="ManualWorker"/>), so a test can deliver a job twice, as Hangfire would.
/// A fourth (<see cref="LongApi"/>) has a 4,000-token window and keeps K = 3 exchanges, for conversations of long answers.
/// </summary>
public sealed class CompactionFixture(LocalInfrastructure infrastructure) : IAsyncLifetime
{
    public const int ContextWindow = 3_000;

    public const int LongContextWindow = 4_000;

    private FakeLlmServer? _llm;

    public ScriptedModel Model { get; private set; } = null!;

    public FakeLlmServer Llm => _llm ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>About 700 tokens of measurements for part n, naming the tag it was given (a script's marker).</summary>
    public CountingTool Bulky { get; } = new("bulky", (_, args, _) => Task.FromResult(BulkyOutput(
        args.TryGetValue("n", out var n) ? n?.ToString() : "?", args.TryGetValue("tag", out var tag) ? tag?.ToString() : "")));

    public ApiFactory Api { get; private set; } = null!;

    public EngineWorkerFactory Worker { get; private set; } = null!;

    public ApiFactory ApiWithout { get; private set; } = null!;

    public EngineWorkerFactory WorkerWithout { get; private set; } = null!;

    public ApiFactory ManualApi { get; private set; } = null!;

    public EngineWorkerFactory ManualWorker { get; private set; } = null!;

    public ApiFactory LongApi { get; private set; } = null!;

    public EngineWorkerFactory LongWorker { get; private set; } = null!;

    public static string BulkyOutput(string? n, string? tag) =>
        $"bulky part {n} ({tag})\n" + string.Join('\n', Enumerable.Range(1, 40).Select(i => $"part {n} row {i}: reading {i * 37 % 101} at station S{i} ok"));

    /// <summary>A summarizer call (its system prompt), as opposed to the agent's own calls.</summary>
    public static bool IsSummarizer(FakeLlmRequest request) =>
        request.Messages.FirstOrDefault()?["content"]?.ToJsonString().Contains("You compact the working memory", StringComparison.Ordinal) == true;

    public async ValueTask InitializeAsync()
    {
        _llm = await FakeLlmServer.StartAsync();
        Model = new ScriptedModel(_llm);
        var api = new Dictionary<string, string?> { ["Sessions:MaxActiveRunsPerUser"] = "50" };
        var worker = new Dictionary<string, string?>
        {
            [$"{CompactionOptions.Section}:ContextWindowTokens"] = ContextWindow.ToString(),
            [$"{CompactionOptions.Section}:KeepRecentExchanges"] = "1",
            ["Agents:Profiles:simple_query:Tools:30"] = "pin_fact",
        };
        CountingTool[] tools = [Bulky];
        Api = new ApiFactory(infrastructure, "compaction_on", api);
        Worker = new EngineWorkerFactory(infrastructure, "compaction_on", _llm.ConnectionString(), tools, settings: worker);
        ApiWithout = new ApiFactory(infrastructure, "compaction_off", api);
        WorkerWithout = new EngineWorkerFactory(infrastructure, "compaction_off", _llm.ConnectionString(), tools,
            settings: new Dictionary<string, string?>(worker) { [$"{CompactionOptions.Section}:Enabled"] = "false" });
        ManualApi = new ApiFactory(infrastructure, "compaction_manual", api);
        ManualWorker = new EngineWorkerFactory(infrastructure, "compaction_manual", _llm.ConnectionString(), tools, jobServer: false, settings: worker);
        LongApi = new ApiFactory(infrastructure, "compaction_long", api);
        LongWorker = new EngineWorkerFactory(infrastructure, "compaction_long", _llm.ConnectionString(), tools,
            settings: new Dictionary<string, string?>(worker)
            {
                [$"{CompactionOptions.Section}:ContextWindowTokens"] = LongContextWindow.ToString(),
                [$"{CompactionOptions.Section}:KeepRecentExchanges"] = "3",
            });
        _ = Api.Server;
        _ = Worker.Server;
        _ = ApiWithout.Server;
        _ = WorkerWithout.Server;
        _ = ManualApi.Server;
        _ = ManualWorker.Server;
        _ = LongApi.Server;
        _ = LongWorker.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        await Api.DisposeAsync();
        await WorkerWithout.DisposeAsync();
        await ApiWithout.DisposeAsync();
        await ManualWorker.DisposeAsync();
        await ManualApi.DisposeAsync();
        await LongWorker.DisposeAsync();
        await LongApi.DisposeAsync();
        await Llm.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class CompactionCollection : ICollectionFixture<CompactionFixture>
{
    public const string Name = "Compaction";
}
