using AgentPlatform.Tests.Streams;
using Microsoft.Playwright;

namespace AgentPlatform.Tests.WebConsole;

/// <summary>
/// One Api on Kestrel and one Worker (simulated model, a set latency per call) on their own database, the console
/// reached through a <see cref="TcpRelay"/> (so a test can drop the browser's connections), and one headless chromium.
/// </summary>
public sealed class ConsoleFixture(LocalInfrastructure infrastructure) : IAsyncLifetime
{
    private const string Database = "console_tests";
    public const int ModelLatencyMs = 1000;
    private StreamsApiFactory? _api;
    private TcpRelay? _relay;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public LocalInfrastructure Infrastructure => infrastructure;

    public StreamsApiFactory Api => _api ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>code_generation holds pin_fact calls for approval; analysis waits for its plan to be reviewed.</summary>
    public WorkerFactory Worker { get; } = new(infrastructure, Database, ModelLatencyMs, new Dictionary<string, string?>
    {
        ["Agents:Profiles:code_generation:RequireApproval:0"] = "pin_fact",
        ["Agents:Profiles:analysis:ReviewPlan"] = "true",
    });

    public TcpRelay Relay => _relay ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>The console's address as the browser reaches it: through the relay.</summary>
    public string ConsoleUrl => $"http://127.0.0.1:{Relay.Port}/console/";

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture has not started.");

    public async ValueTask InitializeAsync()
    {
        _api = new StreamsApiFactory(infrastructure, Database, new Dictionary<string, string?>
        {
            ["Console:AspireDashboardUrl"] = "http://localhost:18888",
            ["Console:HangfireDashboardUrl"] = "http://localhost:5090/hangfire",
        });
        _api.StartServer();
        _ = Worker.Server;
        _relay = new TcpRelay("127.0.0.1", Api.BaseAddress.Port);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = AgentPlatform.Tests.Browser.BrowserAssets.Chromium,
            Headless = true,
            Args = ["--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }

        await Worker.DisposeAsync();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }
}
