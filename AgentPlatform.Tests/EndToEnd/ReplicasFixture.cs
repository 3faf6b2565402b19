using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using AgentPlatform.Core;
using AgentPlatform.Tests.Browser;

namespace AgentPlatform.Tests.EndToEnd;

/// <summary>
/// The AppHost with <c>Replicas:Api=2</c> and <c>Replicas:Worker=2</c>: two processes of each behind the gateway. The
/// browser test's page server starts first, so the Api replicas can allow its origin (<c>Cors:Origins</c>) under
/// both loopback names: the page is loaded under the gateway's host name, on the same site (see ReplicasBrowserTests).
/// </summary>
public sealed class ReplicasFixture() : AppHostFixture(["Replicas:Api=2", "Replicas:Worker=2"])
{
    private PageServer? _pages;

    public PageServer Pages => _pages ?? throw new InvalidOperationException("The fixture has not started.");

    protected override async Task ConfigureAsync(IDistributedApplicationTestingBuilder builder, CancellationToken ct)
    {
        _pages = await PageServer.StartAsync(ct);
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Api)
            .WithEnvironment("Cors__Origins__0", PageOrigin("127.0.0.1"))
            .WithEnvironment("Cors__Origins__1", PageOrigin("localhost"));
    }

    /// <summary>The page server's origin under another loopback host name (it listens on 127.0.0.1).</summary>
    public string PageOrigin(string host) => new UriBuilder(Pages.Origin) { Host = host }.Uri.GetLeftPart(UriPartial.Authority);

    protected override async ValueTask DisposeResourcesAsync()
    {
        if (_pages is not null)
        {
            await _pages.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ReplicasCollection : ICollectionFixture<ReplicasFixture>
{
    public const string Name = "AppHost with replicas";
}
