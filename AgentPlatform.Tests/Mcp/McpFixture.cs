using AgentPlatform.Tests.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Mcp;

/// <summary>
/// The Api and a Worker (with its job server, publishing its tool states) on a database and a Redis database of their
/// own, the Worker connected to four MCP servers: <c>web</c> (the test server over Streamable HTTP), <c>local</c> (the
/// same tools over stdio), <c>everything</c> (server-everything over stdio) and <c>everyhttp</c> (server-everything over
/// Streamable HTTP). The simple_query profile offers all their tools by <c>&lt;server&gt;__*</c>.
/// </summary>
public sealed class McpFixture(LocalInfrastructure infrastructure) : IAsyncLifetime
{
    /// <summary>In this process's environment, which the in-memory Worker has: no stdio server may see it.</summary>
    public const string SecretVariable = "AGENTPLATFORM_TEST_SECRET";

    /// <summary>The one variable configured for the stdio servers (Mcp:Servers:&lt;name&gt;:Env).</summary>
    public const string ConfiguredVariable = "MCP_TEST_SETTING";

    /// <summary>Enough for a few calls offering the four servers' tools (server-everything's schemas alone are about 3,000 tokens).</summary>
    public const int TokenBudget = 100_000;

    public static readonly string[] Servers = ["web", "local", "everything", "everyhttp"];

    private FakeLlmServer? _llm;
    private TestMcpServers? _servers;

    public LocalInfrastructure Infrastructure => infrastructure;

    public FakeLlmServer Llm => _llm ?? throw new InvalidOperationException("Not initialized.");

    public ScriptedModel Model { get; private set; } = null!;

    public ApiFactory Api { get; private set; } = null!;

    public EngineWorkerFactory Worker { get; private set; } = null!;

    public ToolRegistry Registry => Worker.Services.GetRequiredService<ToolRegistry>();

    public async ValueTask InitializeAsync()
    {
        Environment.SetEnvironmentVariable(SecretVariable, "must-not-leak");
        _llm = await FakeLlmServer.StartAsync();
        Model = new ScriptedModel(_llm);
        _servers = await TestMcpServers.StartAsync(TestContext.Current.CancellationToken);
        var redis = infrastructure.RedisConnectionString + ",defaultDatabase=5";
        var worker = WorkerSettings(_servers, redis);
        // The Api resolves the same profiles (GET /agents) against the tools the Worker publishes.
        var api = worker.Where(s => s.Key.StartsWith("Agents:", StringComparison.Ordinal)).ToDictionary();
        api["Sessions:MaxActiveRunsPerUser"] = "50";
        api["ConnectionStrings:redis"] = redis;
        Api = new ApiFactory(infrastructure, "mcp_tests", api);
        Worker = new EngineWorkerFactory(infrastructure, "mcp_tests", _llm.ConnectionString(), [], jobServer: true,
            worker, publishToolStates: true);
        _ = Api.Server;
        _ = Worker.Server;
        foreach (var server in Servers)
        {
            await Poll.UntilAsync(() => Task.FromResult(Registry.Tools.Any(t => t.Name.StartsWith(server + "__", StringComparison.Ordinal) && t.Available)),
                up => up, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        }
    }

    public HttpClient Client(string? user = null, bool admin = false) => Api.ClientFor(user ?? ApiFixture.NewUser("mcp"), admin);

    /// <summary>The settings that connect a Worker to the servers; the stdio ones alone when <paramref name="servers"/> is null.</summary>
    public static Dictionary<string, string?> StdioSettings()
    {
        var (command, dll) = TestMcpServers.StdioServer();
        return new Dictionary<string, string?>
        {
            ["Mcp:ReconnectDelay"] = "00:00:00.2",
            ["Mcp:MaxReconnectDelay"] = "00:00:02",
            ["Mcp:Servers:local:Command"] = command,
            ["Mcp:Servers:local:Args:0"] = dll,
            [$"Mcp:Servers:local:Env:{ConfiguredVariable}"] = "configured-value",
            ["Mcp:Servers:local:Timeout"] = "00:01:30",
            // The stdio test server may sample; the HTTP one (web) may not.
            ["Mcp:Servers:local:AllowSampling"] = "true",
            ["Agents:Profiles:simple_query:Tools:40"] = "local__*",
        };
    }

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        await Api.DisposeAsync();
        if (_servers is not null)
        {
            await _servers.DisposeAsync();
        }

        await Llm.DisposeAsync();
        Environment.SetEnvironmentVariable(SecretVariable, null);
    }

    private static Dictionary<string, string?> WorkerSettings(TestMcpServers servers, string redis)
    {
        var settings = StdioSettings();
        settings["ConnectionStrings:redis"] = redis;
        settings["Mcp:Servers:web:Url"] = servers.WebUrl.ToString();
        // A short wait for the user's answer on this server alone, for the elicitation timeout test.
        settings["Mcp:Servers:web:ElicitationTimeout"] = "00:00:03";
        settings["Mcp:Servers:everything:Command"] = "node";
        settings["Mcp:Servers:everything:Args:0"] = TestMcpServers.EverythingScript();
        settings["Mcp:Servers:everything:Args:1"] = "stdio";
        settings[$"Mcp:Servers:everything:Env:{ConfiguredVariable}"] = "configured-value";
        settings["Mcp:Servers:everyhttp:Url"] = servers.EverythingUrl.ToString();
        settings["Agents:Profiles:simple_query:Tools:41"] = "web__*";
        settings["Agents:Profiles:simple_query:Tools:42"] = "everything__*";
        settings["Agents:Profiles:simple_query:Tools:43"] = "everyhttp__*";
        return settings;
    }
}

[CollectionDefinition(Name)]
public sealed class McpCollection : ICollectionFixture<McpFixture>
{
    public const string Name = "Mcp";
}
