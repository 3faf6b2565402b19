using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using AgentPlatform.Core;

namespace AgentPlatform.Tests.Monitoring;

/// <summary>
/// The AppHost's model with monitoring, built (never started) by <c>DistributedApplicationTestingBuilder</c>: building
/// needs neither a container engine nor Prometheus or Grafana. Local mode does prepare PostgreSQL's data directory.
/// </summary>
public sealed class MonitoringModelTests : IDisposable
{
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), "agentplatform-model-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Local_mode_without_the_binaries_adds_neither()
    {
        var resources = await BuildModel("Infrastructure:Mode=local", "Infrastructure:PrometheusPath=/nonexistent/prometheus",
            "Infrastructure:GrafanaPath=/nonexistent/grafana-server");

        Assert.DoesNotContain(resources, r => r.Name is ResourceNames.Prometheus or ResourceNames.Grafana);
        Assert.Contains(resources, r => r.Name == ResourceNames.Api);
    }

    [Fact]
    public async Task Local_mode_runs_a_present_prometheus_with_the_generated_config()
    {
        var fake = Path.Combine(_stateDirectory, "bin", "prometheus");
        Directory.CreateDirectory(Path.GetDirectoryName(fake)!);
        await File.WriteAllTextAsync(fake, "#!/bin/sh\nexit 0\n", TestContext.Current.CancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var resources = await BuildModel("Infrastructure:Mode=local", $"Infrastructure:PrometheusPath={fake}",
            "Infrastructure:GrafanaPath=/nonexistent/grafana-server");

        var prometheus = Assert.IsType<ExecutableResource>(Assert.Single(resources, r => r.Name == ResourceNames.Prometheus));
        Assert.Equal(fake, prometheus.Command);
        var config = Path.Combine(_stateDirectory, "monitoring", "prometheus", "prometheus.yml");
        var args = new List<object>();
        foreach (var callback in prometheus.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(new CommandLineArgsCallbackContext(args, prometheus, TestContext.Current.CancellationToken));
        }

        Assert.Contains("--config.file=" + config, args);
        var yaml = await File.ReadAllTextAsync(config, TestContext.Current.CancellationToken);
        Assert.Contains("- job_name: api", yaml);
        Assert.Contains("- job_name: worker", yaml);
        Assert.Matches(@"targets: \['localhost:\d+'\]", yaml);
        Assert.DoesNotContain(resources, r => r.Name == ResourceNames.Grafana);
    }

    [Fact]
    public async Task Container_mode_adds_both_containers_with_the_generated_files()
    {
        var resources = await BuildModel("Infrastructure:Mode=containers");

        var prometheus = Assert.IsType<ContainerResource>(Assert.Single(resources, r => r.Name == ResourceNames.Prometheus));
        Assert.Equal("prom/prometheus", prometheus.Annotations.OfType<ContainerImageAnnotation>().Single().Image);
        // The config holds an admin token: copied into the container for the image's user only, never left on the host.
        Assert.Empty(prometheus.Annotations.OfType<ContainerMountAnnotation>());
        Assert.False(File.Exists(Path.Combine(_stateDirectory, "monitoring", "prometheus", "prometheus.yml")));
        var files = Assert.Single(prometheus.Annotations.OfType<ContainerFileSystemCallbackAnnotation>());
        Assert.Equal("/etc/prometheus", files.DestinationPath);
        var config = Assert.IsType<ContainerFile>(Assert.Single(await files.Callback(
            new ContainerFileSystemCallbackContext { Model = prometheus, Services = new ServiceCollection().BuildServiceProvider() },
            TestContext.Current.CancellationToken)));
        Assert.Equal("prometheus.yml", config.Name);
        Assert.Equal((65534, UnixFileMode.UserRead), (config.Owner, config.Mode));
        Assert.Contains("host.docker.internal:", config.Contents);
        Assert.Contains("credentials: ", config.Contents);

        var grafana = Assert.IsType<ContainerResource>(Assert.Single(resources, r => r.Name == ResourceNames.Grafana));
        Assert.Equal("grafana/grafana", grafana.Annotations.OfType<ContainerImageAnnotation>().Single().Image);
        Assert.Contains(grafana.Annotations.OfType<ContainerMountAnnotation>(), m => m.Target == "/etc/grafana/provisioning");
        Assert.Contains(grafana.Annotations.OfType<EndpointAnnotation>(), e => e.TargetPort == 3000);
    }

    [Fact]
    public async Task Monitoring_can_be_switched_off()
    {
        var resources = await BuildModel("Infrastructure:Mode=containers", "Infrastructure:Monitoring=false");

        Assert.DoesNotContain(resources, r => r.Name is ResourceNames.Prometheus or ResourceNames.Grafana);
    }

    public void Dispose()
    {
        if (Directory.Exists(_stateDirectory))
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }

    private async Task<IReadOnlyList<IResource>> BuildModel(params string[] settings)
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AgentPlatform_AppHost>(
            [.. settings, $"Infrastructure:StateDirectory={_stateDirectory}", $"Auth:SigningKey={TestTokens.SigningKey}"], ct);
        await using var app = await builder.BuildAsync(ct);
        return [.. app.Services.GetRequiredService<DistributedApplicationModel>().Resources];
    }
}
