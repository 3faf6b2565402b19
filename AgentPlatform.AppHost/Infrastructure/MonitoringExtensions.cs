using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.AppHost.Infrastructure;

/// <summary>
/// Prometheus (scraping the Api's and Worker's /metrics with a generated least-privilege `metrics` token) and Grafana (with a
/// provisioned datasource and the AgentPlatform dashboard): containers in container mode; in local mode the machine's
/// own binaries when present, skipped with a log line otherwise. <c>Infrastructure:Monitoring=false</c> turns it off.
/// </summary>
internal static partial class MonitoringExtensions
{
    private const string PrometheusImage = "prom/prometheus";
    private const string PrometheusTag = "v3.5.0";
    private const string GrafanaImage = "grafana/grafana";
    private const string GrafanaTag = "12.1.1";
    private const int PrometheusDefaultPort = 9090;
    private const int PrometheusImageUser = 65534; // nobody, the user prom/prometheus runs as
    private const int GrafanaDefaultPort = 3000;
    private const int ApiDefaultPort = 5080;
    private const int WorkerDefaultPort = 5090;

    public static void AddMonitoring(this IDistributedApplicationBuilder builder, LocalState state, string signingKey,
        IResourceBuilder<ProjectResource> api, IResourceBuilder<ProjectResource> worker, InfrastructureMode mode)
    {
        if (!builder.Configuration.GetValue("Infrastructure:Monitoring", defaultValue: true))
        {
            return;
        }

        var files = new MonitoringFiles(Path.Combine(state.Directory, "monitoring"), signingKey,
            builder.Configuration.GetValue("Infrastructure:PrometheusScrapeInterval", MonitoringConfig.DefaultScrapeInterval));
        files.CopyDashboards();
        if (mode == InfrastructureMode.Containers)
        {
            builder.AddContainerMonitoring(files, api, worker);
        }
        else
        {
            builder.AddLocalMonitoring(files, api, worker);
        }
    }

    private static void AddContainerMonitoring(this IDistributedApplicationBuilder builder, MonitoringFiles files,
        IResourceBuilder<ProjectResource> api, IResourceBuilder<ProjectResource> worker)
    {
        var host = KnownHostNames.DockerDesktopHostBridge;
        // The config (it holds an admin token) is copied into the container when it starts, with the ports then
        // allocated, readable only by the image's user (nobody); no copy of it is left on the host.
        var prometheus = builder.AddContainer(ResourceNames.Prometheus, PrometheusImage, PrometheusTag)
            .WithContainerFiles("/etc/prometheus", (_, _) => Task.FromResult<IEnumerable<ContainerFileSystemItem>>(
            [
                new ContainerFile
                {
                    Name = "prometheus.yml",
                    Contents = files.PrometheusYaml([Target(api, host, ApiDefaultPort), Target(worker, host, WorkerDefaultPort)]),
                    Owner = PrometheusImageUser,
                    Group = PrometheusImageUser,
                    Mode = UnixFileMode.UserRead,
                },
            ]))
            .WithHttpEndpoint(targetPort: PrometheusDefaultPort, name: "http")
            .WithHttpHealthCheck("/-/ready")
            .WithReference(api).WaitFor(api)
            .WithReference(worker).WaitFor(worker);

        // Containers on Aspire's network reach each other by resource name.
        files.WriteGrafanaProvisioning($"http://{ResourceNames.Prometheus}:{PrometheusDefaultPort}", "/etc/grafana/dashboards");
        builder.AddContainer(ResourceNames.Grafana, GrafanaImage, GrafanaTag)
            .WithBindMount(files.GrafanaProvisioning, "/etc/grafana/provisioning", isReadOnly: true)
            .WithBindMount(files.GrafanaDashboards, "/etc/grafana/dashboards", isReadOnly: true)
            .WithGrafanaLocalAccess("/etc/grafana/dashboards")
            .WithHttpEndpoint(targetPort: GrafanaDefaultPort, name: "http")
            .WaitFor(prometheus);
    }

    private static void AddLocalMonitoring(this IDistributedApplicationBuilder builder, MonitoringFiles files,
        IResourceBuilder<ProjectResource> api, IResourceBuilder<ProjectResource> worker)
    {
        var config = builder.Configuration;
        var skipped = new List<(string Binary, string Setting, string Hint)>();

        var prometheusPath = Executables.FindPrometheus(config);
        var prometheusPort = PrometheusDefaultPort;
        IResourceBuilder<ExecutableResource>? prometheus = null;
        if (prometheusPath is null)
        {
            skipped.Add(("prometheus", "Infrastructure:PrometheusPath",
                "Debian/Ubuntu: 'apt-get install prometheus', or a release from https://prometheus.io/download/"));
        }
        else
        {
            prometheusPort = FreePort.Choose(config["Infrastructure:PrometheusPort"]);
            files.WritePrometheusConfig([Target(api, KnownHostNames.Localhost, ApiDefaultPort), Target(worker, KnownHostNames.Localhost, WorkerDefaultPort)]);
            prometheus = builder.AddExecutable(ResourceNames.Prometheus, prometheusPath, files.PrometheusDirectory,
                    "--config.file=" + files.PrometheusConfig,
                    "--storage.tsdb.path=" + Path.Combine(files.PrometheusDirectory, "data"),
                    "--web.listen-address=127.0.0.1:" + prometheusPort.ToString(CultureInfo.InvariantCulture))
                .WithHttpEndpoint(port: prometheusPort, targetPort: prometheusPort, name: "http", isProxied: false)
                .WithHttpHealthCheck("/-/ready")
                .WaitFor(api).WaitFor(worker);
            builder.RewriteTargetsOnStart(prometheus.Resource, files, KnownHostNames.Localhost, api, worker);
        }

        var grafanaPath = Executables.FindGrafana(config);
        if (grafanaPath is null)
        {
            skipped.Add(("grafana-server (or grafana)", "Infrastructure:GrafanaPath",
                "Grafana's APT repository (https://grafana.com/docs/grafana/latest/setup-grafana/installation/debian/), or a standalone release from https://grafana.com/grafana/download"));
        }
        else
        {
            var grafanaPort = FreePort.Choose(config["Infrastructure:GrafanaPort"]);
            files.WriteGrafanaProvisioning($"http://127.0.0.1:{prometheusPort.ToString(CultureInfo.InvariantCulture)}", files.GrafanaDashboards);
            var grafanaDirectory = Path.Combine(files.Root, "grafana");
            string[] args = Path.GetFileName(grafanaPath) == "grafana" ? ["server"] : [];
            var grafana = builder.AddExecutable(ResourceNames.Grafana, grafanaPath, grafanaDirectory,
                    [.. args, "--homepath", GrafanaHome(config, grafanaPath)])
                .WithEnvironment("GF_PATHS_DATA", Path.Combine(grafanaDirectory, "data"))
                .WithEnvironment("GF_PATHS_LOGS", Path.Combine(grafanaDirectory, "logs"))
                .WithEnvironment("GF_PATHS_PLUGINS", Path.Combine(grafanaDirectory, "plugins"))
                .WithEnvironment("GF_PATHS_PROVISIONING", files.GrafanaProvisioning)
                .WithEnvironment("GF_SERVER_HTTP_ADDR", "127.0.0.1")
                .WithEnvironment("GF_SERVER_HTTP_PORT", grafanaPort.ToString(CultureInfo.InvariantCulture))
                .WithGrafanaLocalAccess(files.GrafanaDashboards)
                .WithHttpEndpoint(port: grafanaPort, targetPort: grafanaPort, name: "http", isProxied: false);
            if (prometheus is not null)
            {
                grafana.WaitFor(prometheus);
            }
        }

        if (skipped.Count > 0)
        {
            builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
            {
                var logger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AgentPlatform.AppHost.Monitoring");
                foreach (var (binary, setting, hint) in skipped)
                {
                    MonitoringLog.Skipped(logger, binary, setting, hint);
                }

                return Task.CompletedTask;
            });
        }
    }

    /// <summary>Anonymous admin access without a login form: a local development stack, never exposed.</summary>
    private static IResourceBuilder<T> WithGrafanaLocalAccess<T>(this IResourceBuilder<T> grafana, string dashboardsPath)
        where T : IResourceWithEnvironment =>
        grafana
            .WithEnvironment("GF_AUTH_ANONYMOUS_ENABLED", "true")
            .WithEnvironment("GF_AUTH_ANONYMOUS_ORG_ROLE", "Admin")
            .WithEnvironment("GF_AUTH_DISABLE_LOGIN_FORM", "true")
            .WithEnvironment("GF_ANALYTICS_REPORTING_ENABLED", "false")
            .WithEnvironment("GF_ANALYTICS_CHECK_FOR_UPDATES", "false")
            .WithEnvironment("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH", Path.Combine(dashboardsPath, MonitoringFiles.HomeDashboard));

    /// <summary>
    /// The endpoint ports known when the model is built (the launch profiles' 5080 and 5090) can differ from the ones
    /// allocated at run time (tests randomize them): rewrite the targets just before Prometheus starts (after the
    /// services, which it waits for). Each replica is scraped on its own address, so with <c>Replicas:*</c> above one
    /// every process has its series (through the proxy, scrapes would alternate between them).
    /// </summary>
    private static void RewriteTargetsOnStart(this IDistributedApplicationBuilder builder, IResource prometheus, MonitoringFiles files,
        string host, IResourceBuilder<ProjectResource> api, IResourceBuilder<ProjectResource> worker) =>
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(prometheus, async (e, ct) =>
        {
            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            files.WritePrometheusConfig([
                .. await ReplicaTargetsAsync(notifications, api, host, ApiDefaultPort, ct),
                .. await ReplicaTargetsAsync(notifications, worker, host, WorkerDefaultPort, ct)]);
        });

    /// <summary>
    /// One target per replica of the project at its own address (read from the replicas' snapshots, which Prometheus's
    /// WaitFor has already seen running); the proxied endpoint when the replicas' addresses are not all known in time.
    /// </summary>
    private static async Task<IReadOnlyList<ScrapeTarget>> ReplicaTargetsAsync(ResourceNotificationService notifications,
        IResourceBuilder<ProjectResource> project, string host, int defaultPort, CancellationToken cancellationToken)
    {
        var expected = project.Resource.Annotations.OfType<ReplicaAnnotation>().FirstOrDefault()?.Replicas ?? 1;
        var addresses = new Dictionary<string, Uri>();
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            // WatchAsync starts with the current state of every resource.
            await foreach (var change in notifications.WatchAsync(wait.Token))
            {
                if (ReferenceEquals(change.Resource, project.Resource) && OperatorCommands.ReplicaAddress(change.Snapshot) is { } address)
                {
                    addresses[change.ResourceId] = address;
                    if (addresses.Count >= expected)
                    {
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not every replica's address within 10 s: scrape through the proxy below rather than miss a replica.
        }

        return addresses.Count >= expected
            ? [.. addresses.Values.Select(a => new ScrapeTarget(project.Resource.Name, $"{a.Host}:{a.Port.ToString(CultureInfo.InvariantCulture)}"))]
            : [Target(project, host, defaultPort)];
    }

    private static ScrapeTarget Target(IResourceBuilder<ProjectResource> project, string host, int defaultPort)
    {
        var endpoint = project.GetEndpoint("http");
        var port = endpoint.IsAllocated
            ? endpoint.Port
            : project.Resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == "http")?.Port ?? defaultPort;
        return new ScrapeTarget(project.Resource.Name, $"{host}:{port.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>
    /// Grafana's home (its <c>conf/defaults.ini</c> and web assets): <c>Infrastructure:GrafanaHomePath</c>, else the
    /// folder above a standalone release's <c>bin/</c>, else the packages' <c>/usr/share/grafana</c>.
    /// </summary>
    private static string GrafanaHome(IConfiguration config, string grafanaPath)
    {
        if (config["Infrastructure:GrafanaHomePath"] is { Length: > 0 } configured)
        {
            return configured;
        }

        var real = new FileInfo(grafanaPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? grafanaPath;
        var release = Path.GetDirectoryName(Path.GetDirectoryName(real));
        return release is not null && File.Exists(Path.Combine(release, "conf", "defaults.ini")) ? release : "/usr/share/grafana";
    }

    private static partial class MonitoringLog
    {
        [LoggerMessage(Level = LogLevel.Information,
            Message = "Monitoring: {Binary} was not found (at {Setting} when set, else on PATH), so it is not started. Install it ({Hint}) or set {Setting} to its path.")]
        public static partial void Skipped(ILogger logger, string binary, string setting, string hint);
    }
}
