using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using AgentPlatform.Core;
using AgentPlatform.Tests.Support;

namespace AgentPlatform.Tests.EndToEnd;

/// <summary>
/// The real AppHost in local mode (PostgreSQL and Redis as processes, fresh state in a temporary folder), started
/// once for the collection and stopped with every process it started.
/// </summary>
public class AppHostFixture : IAsyncLifetime
{
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), "agentplatform-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string[] _settings;
    private DistributedApplication? _app;

    public AppHostFixture()
        : this([])
    {
    }

    /// <summary>An AppHost with more configuration (e.g. <c>Replicas:Api=2</c>).</summary>
    protected AppHostFixture(string[] settings) => _settings = settings;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AgentPlatform_AppHost>(
            [
                "Infrastructure:Mode=local",
                $"Infrastructure:StateDirectory={_stateDirectory}",
                $"Auth:SigningKey={TestTokens.SigningKey}",
                // Each simulated model call takes a second, so a test can stop a run while it is processing.
                "Llm:Simulated:LatencyMs=1000",
                // Prometheus runs when its binary is installed (./test.sh installs it); scrape often so a test sees it soon.
                "Infrastructure:PrometheusScrapeInterval=00:00:02",
                .. _settings,
            ],
            ct);
        await ConfigureAsync(builder, ct);
        _app = await builder.BuildAsync(ct);
        await _app.StartAsync(ct);
        using var ready = CancellationTokenSource.CreateLinkedTokenSource(ct);
        ready.CancelAfter(TimeSpan.FromMinutes(3));
        await _app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Api, ready.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Worker, ready.Token);
    }

    /// <summary>Changes to the AppHost's model before it starts (an Api setting a test needs, say).</summary>
    protected virtual Task ConfigureAsync(IDistributedApplicationTestingBuilder builder, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Stops what <see cref="ConfigureAsync"/> started, after the AppHost has stopped.</summary>
    protected virtual ValueTask DisposeResourcesAsync() => ValueTask.CompletedTask;

    public HttpClient ApiClient(string user, bool admin = false) => Client(ResourceNames.Api, user, admin);

    public HttpClient Client(string resource, string user, bool admin = false)
    {
        var client = App.CreateHttpClient(resource, "http");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(user, admin));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await DisposeResourcesAsync();

        if (Directory.Exists(_stateDirectory))
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "AppHost";
}
