using System.Globalization;
using System.Net;
using AgentPlatform.Core;
using AgentPlatform.Tests.Deployment;
using AgentPlatform.Tests.Engine;
using AgentPlatform.Tests.Mcp;

namespace AgentPlatform.Tests.Faults;

/// <summary>
/// What the faults are injected into, all real processes: a PostgreSQL and a Redis of its own (the faults stop them,
/// so not the assembly's), two Api processes and two Worker processes (Development, like the AppHost's replicas), the
/// Workers on the fake LLM server and each with the stdio MCP test server as <c>local</c>. A killed Worker's runs are
/// fetched again after a 6 s invisibility (<c>Worker:InvisibilityTimeout</c>, 1 min by default), and a hung model call is cut
/// after 2 s (<c>Llm:AttemptTimeout</c>), so the suite stays short.
/// </summary>
public sealed class FaultStack : IAsyncLifetime
{
    public const int Replicas = 2;
    public static readonly TimeSpan InvisibilityTimeout = TimeSpan.FromSeconds(6);
    private const string Database = "faults";
    private readonly ServiceProcess?[] _apis = new ServiceProcess?[Replicas];
    private readonly ServiceProcess?[] _workers = new ServiceProcess?[Replicas];
    private readonly string _workspaces = Path.Combine(Path.GetTempPath(), "agentplatform-faults-" + Guid.NewGuid().ToString("N")[..8]);

    public LocalInfrastructure Infrastructure { get; } = new();

    public FakeLlmServer Llm { get; private set; } = null!;

    public ScriptedModel Model { get; private set; } = null!;

    /// <summary>The Api replica <paramref name="index"/> (modulo the count), or the next one that runs.</summary>
    public Uri ApiAddress(int index)
    {
        for (var i = 0; i < Replicas; i++)
        {
            if (_apis[(index + i) % Replicas] is { HasExited: false } api)
            {
                return api.Address;
            }
        }

        throw new InvalidOperationException("No Api replica runs.");
    }

    public ServiceProcess Api(int index) => _apis[index] ?? throw new InvalidOperationException($"Api {index} is not running.");

    public ServiceProcess Worker(int index) => _workers[index] ?? throw new InvalidOperationException($"Worker {index} is not running.");

    public HttpClient Client(string user, int replica = 0) => new()
    {
        BaseAddress = ApiAddress(replica),
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Authorization = new("Bearer", TestTokens.Create(user)) },
    };

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await Infrastructure.InitializeAsync();
        Llm = await FakeLlmServer.StartAsync(ct);
        Model = new ScriptedModel(Llm);
        for (var i = 0; i < Replicas; i++)
        {
            _apis[i] = ServiceProcess.Start("AgentPlatform.Api", ApiEnvironment());
        }

        await Task.WhenAll(_apis.Select(a => a!.WaitForStatusAsync("/health", HttpStatusCode.OK, ct)));
        for (var i = 0; i < Replicas; i++)
        {
            await StartWorkerAsync(i, ct);
        }

        // A first create through each replica, so no fault test measures a cold process (JIT, pools, thread pool).
        for (var i = 0; i < Replicas; i++)
        {
            using var client = Client(ApiFixture.NewUser("warm-up"), i);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var created = await client.CreateSessionAsync(new { prompt = "warm up", taskType = "simple_query" }, ct);
            await Poll.UntilAsync(() => client.GetSessionAsync(created.Id(), ct), s => s.Status() == "completed", TimeSpan.FromSeconds(60), ct);
            TestContext.Current.SendDiagnosticMessage($"Api {i}: first run completed {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s after its create");
        }
    }

    public async Task StartApiAsync(int index, CancellationToken ct)
    {
        _apis[index] = ServiceProcess.Start("AgentPlatform.Api", ApiEnvironment());
        await _apis[index]!.WaitForStatusAsync("/health", HttpStatusCode.OK, ct);
    }

    public async Task StartWorkerAsync(int index, CancellationToken ct)
    {
        _workers[index] = ServiceProcess.Start("AgentPlatform.Worker", WorkerEnvironment());
        await _workers[index]!.WaitForStatusAsync("/alive", HttpStatusCode.OK, ct);
    }

    /// <summary>SIGKILL (the process tree: a Worker's stdio MCP server goes with it).</summary>
    public async Task KillApiAsync(int index)
    {
        await Api(index).DisposeAsync();
        _apis[index] = null;
    }

    /// <inheritdoc cref="KillApiAsync"/>
    public async Task KillWorkerAsync(int index)
    {
        await Worker(index).DisposeAsync();
        _workers[index] = null;
    }

    /// <summary>Every process still runs (none was restarted to recover) and every Api reports healthy.</summary>
    public async Task AssertRecoveredWithoutRestartAsync(IReadOnlyDictionary<string, int> pidsBefore, CancellationToken ct)
    {
        Assert.Equal(pidsBefore, Pids());
        foreach (var api in _apis.Concat(_workers).OfType<ServiceProcess>())
        {
            Assert.False(api.HasExited, api.Output);
        }

        foreach (var api in _apis.OfType<ServiceProcess>())
        {
            await api.WaitForStatusAsync("/health", HttpStatusCode.OK, ct);
        }
    }

    /// <summary>The last lines of every service's output, for a failure's message.</summary>
    public string Logs() => string.Join("\n", _apis.Select((p, i) => ($"api{i}", p)).Concat(_workers.Select((p, i) => ($"worker{i}", p)))
        .Where(x => x.p is not null)
        .Select(x => $"--- {x.Item1}:\n" + string.Join('\n', x.p!.Output.Split('\n').TakeLast(40))));

    /// <summary>The process id of every service that runs, by name.</summary>
    public Dictionary<string, int> Pids()
    {
        var pids = new Dictionary<string, int>();
        for (var i = 0; i < Replicas; i++)
        {
            if (_apis[i] is { HasExited: false } api)
            {
                pids[$"api{i}"] = api.ProcessId;
            }

            if (_workers[i] is { HasExited: false } worker)
            {
                pids[$"worker{i}"] = worker.ProcessId;
            }
        }

        return pids;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _workers.Concat(_apis).OfType<ServiceProcess>())
        {
            await process.DisposeAsync();
        }

        await Llm.DisposeAsync();
        await Infrastructure.DisposeAsync();
        if (Directory.Exists(_workspaces))
        {
            Directory.Delete(_workspaces, recursive: true);
        }
    }

    private Dictionary<string, string> Common() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["DOTNET_ENVIRONMENT"] = "Development",
        [$"ConnectionStrings__{ResourceNames.Database}"] = Infrastructure.Database(Database),
        [$"ConnectionStrings__{ResourceNames.Redis}"] = Infrastructure.RedisConnectionString,
        ["Auth__SigningKey"] = TestTokens.SigningKey,
        ["Database__MaxPoolSize"] = "10",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private Dictionary<string, string> ApiEnvironment()
    {
        var environment = Common();
        environment["RateLimiting__PermitLimit"] = "100000";
        environment["Sessions__MaxActiveRunsPerUser"] = "50";
        return environment;
    }

    private Dictionary<string, string> WorkerEnvironment()
    {
        var environment = Common();
        var (command, dll) = TestMcpServers.StdioServer();
        environment[$"ConnectionStrings__{ResourceNames.Llm}"] = Llm.ConnectionString();
        environment["Worker__InvisibilityTimeout"] = InvisibilityTimeout.ToString("c", CultureInfo.InvariantCulture);
        environment["Llm__AttemptTimeout"] = "00:00:02";
        environment["Tools__WorkspaceRoot"] = _workspaces;
        environment["Agents__Profiles__simple_query__MaxSteps"] = "100";
        environment["Agents__Profiles__simple_query__Tools__20"] = ToolNames.PinFact;
        environment["Agents__Profiles__simple_query__Tools__21"] = "local__*";
        environment["Mcp__ReconnectDelay"] = "00:00:00.2";
        environment["Mcp__MaxReconnectDelay"] = "00:00:01";
        environment["Mcp__Servers__local__Command"] = command;
        environment["Mcp__Servers__local__Args__0"] = dll;
        environment["Mcp__Servers__local__Timeout"] = "00:01:30";
        return environment;
    }
}

[CollectionDefinition(Name)]
public sealed class FaultStackCollection : ICollectionFixture<FaultStack>
{
    public const string Name = "Faults under load";
}
