using AgentPlatform.Tests.Streams;

namespace AgentPlatform.Tests.Browser;

/// <summary>
/// The page server, then an Api on Kestrel that allows the page's origin (<c>Cors:Origins</c>), and a Worker on the
/// simulated model, on their own database.
/// </summary>
public sealed class BrowserFixture(LocalInfrastructure infrastructure) : IAsyncLifetime
{
    private const string Database = "browser_tests";
    private PageServer? _pages;
    private StreamsApiFactory? _api;

    public PageServer Pages => _pages ?? throw new InvalidOperationException("The fixture has not started.");

    public StreamsApiFactory Api => _api ?? throw new InvalidOperationException("The fixture has not started.");

    public WorkerFactory Worker { get; } = new(infrastructure, Database, 300);

    public async ValueTask InitializeAsync()
    {
        _pages = await PageServer.StartAsync(TestContext.Current.CancellationToken);
        _api = new StreamsApiFactory(infrastructure, Database, new Dictionary<string, string?>
        {
            ["Cors:Origins:0"] = _pages.Origin,
        });
        _api.StartServer();
        _ = Worker.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_pages is not null)
        {
            await _pages.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
