using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using AgentPlatform.Core;

namespace AgentPlatform.Tests.EndToEnd;

/// <summary>
/// The replica counts of the AppHost's model, built (never started). Aspire runs replicas only behind its proxy and
/// refuses a fixed target port (every replica needs its own), so the tests check the endpoints as well as the counts.
/// </summary>
public sealed class ReplicasModelTests : IDisposable
{
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), "agentplatform-replicas-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Api_and_Worker_run_one_process_each_by_default()
    {
        var resources = await BuildModel();

        Assert.Equal(1, ReplicasOf(resources, ResourceNames.Api));
        Assert.Equal(1, ReplicasOf(resources, ResourceNames.Worker));
    }

    [Fact]
    public async Task Configured_replicas_sit_behind_the_proxy_and_the_gateway_takes_the_api_port()
    {
        var resources = await BuildModel("Replicas:Api=2", "Replicas:Worker=3");

        Assert.Equal(2, ReplicasOf(resources, ResourceNames.Api));
        Assert.Equal(3, ReplicasOf(resources, ResourceNames.Worker));
        foreach (var (name, port) in new[] { (ResourceNames.Api, (int?)null), (ResourceNames.Worker, 5090) })
        {
            var http = Http(resources, name);
            Assert.True(http.IsProxied, $"{name}'s endpoint is not proxied: Aspire refuses replicas without the proxy");
            Assert.Equal(port, http.Port);
            Assert.Null(http.TargetPort);
        }

        Assert.Equal(5080, Http(resources, ResourceNames.Gateway).Port);
    }

    [Fact]
    public async Task One_api_replica_needs_no_gateway_and_keeps_its_port()
    {
        var resources = await BuildModel("Replicas:Worker=2");

        Assert.DoesNotContain(resources, r => r.Name == ResourceNames.Gateway);
        Assert.Equal(5080, Http(resources, ResourceNames.Api).Port);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("two")]
    [InlineData("17")]
    public async Task A_count_out_of_range_stops_the_AppHost_naming_the_setting(string value)
    {
        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => BuildModel($"Replicas:Worker={value}"));

        Assert.Contains("Replicas:worker", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        if (Directory.Exists(_stateDirectory))
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }

    private static ProjectResource Project(IReadOnlyList<IResource> resources, string name) =>
        Assert.IsType<ProjectResource>(Assert.Single(resources, r => r.Name == name));

    private static EndpointAnnotation Http(IReadOnlyList<IResource> resources, string name) =>
        Assert.Single(Project(resources, name).Annotations.OfType<EndpointAnnotation>(), e => e.Name == "http");

    private static int ReplicasOf(IReadOnlyList<IResource> resources, string name) =>
        Assert.Single(Project(resources, name).Annotations.OfType<ReplicaAnnotation>()).Replicas;

    private async Task<IReadOnlyList<IResource>> BuildModel(params string[] settings)
    {
        var ct = TestContext.Current.CancellationToken;
        // Container mode only builds the model here: nothing is started, so no container engine is needed.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AgentPlatform_AppHost>(
            [.. settings, "Infrastructure:Mode=containers", "Infrastructure:Monitoring=false",
                $"Infrastructure:StateDirectory={_stateDirectory}", $"Auth:SigningKey={TestTokens.SigningKey}"], ct);
        await using var app = await builder.BuildAsync(ct);
        return [.. app.Services.GetRequiredService<DistributedApplicationModel>().Resources];
    }
}
