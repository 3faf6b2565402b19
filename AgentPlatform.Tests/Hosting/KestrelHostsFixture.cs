using AgentPlatform.Tests.Api;
using AgentPlatform.Tests.Streams;

namespace AgentPlatform.Tests.Hosting;

/// <summary>The Api and a Worker on real Kestrel sockets (their own database), for requests no HttpClient would send.</summary>
public sealed class KestrelHostsFixture(LocalInfrastructure infrastructure) : IAsyncLifetime
{
    private const string Database = "kestrel_tests";

    public StreamsApiFactory Api { get; } = new(infrastructure, Database, new Dictionary<string, string?>());

    public WorkerFactory Worker { get; } = new WorkerFactory(infrastructure, Database, 100).OnSocket();

    public Uri ApiAddress => Api.BaseAddress;

    public Uri WorkerAddress => new UriBuilder(Worker.Services.ListeningAddress()) { Host = "127.0.0.1", Path = "/" }.Uri;

    public ValueTask InitializeAsync()
    {
        // The Api migrates the database on start; the Worker starts after it, as in the AppHost.
        _ = ApiAddress;
        _ = WorkerAddress;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        await Api.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class KestrelHostsCollection : ICollectionFixture<KestrelHostsFixture>
{
    public const string Name = "KestrelHosts";
}
