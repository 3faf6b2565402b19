namespace AgentPlatform.AppHost.Infrastructure;

/// <summary>
/// Where the monitoring stack's generated files live (<c>monitoring/</c> in the state folder) and their writing. The
/// Prometheus config holds a `metrics` token (scrape only): written owner-only for a local Prometheus, and never written to the host for
/// a container (it is copied into the container, readable by the image's user only).
/// </summary>
internal sealed class MonitoringFiles(string root, string signingKey, TimeSpan? scrapeInterval = null)
{
    public const string HomeDashboard = "agentplatform.json";

    public string Root { get; } = root;
    public string PrometheusDirectory => Path.Combine(Root, "prometheus");
    public string PrometheusConfig => Path.Combine(PrometheusDirectory, "prometheus.yml");
    public string GrafanaProvisioning => Path.Combine(Root, "grafana", "provisioning");
    public string GrafanaDashboards => Path.Combine(Root, "grafana", "dashboards");

    /// <summary>prometheus.yml with a fresh metrics token (valid <see cref="MonitoringConfig.TokenLifetime"/>).</summary>
    public string PrometheusYaml(IEnumerable<ScrapeTarget> targets)
    {
        var token = DevTokens.CreateWithRole(signingKey, ResourceNames.Prometheus, DevTokens.MetricsRole, MonitoringConfig.TokenLifetime);
        return MonitoringConfig.PrometheusYaml(targets, token, scrapeInterval ?? MonitoringConfig.DefaultScrapeInterval);
    }

    /// <summary>Writes <see cref="PrometheusYaml"/> to <see cref="PrometheusConfig"/>, readable by its owner only.</summary>
    public void WritePrometheusConfig(IEnumerable<ScrapeTarget> targets) =>
        MonitoringConfig.Write(PrometheusConfig, PrometheusYaml(targets), othersMayRead: false);

    /// <param name="prometheusUrl">Prometheus as Grafana reaches it.</param>
    /// <param name="dashboardsPath">The dashboards folder as Grafana sees it (a container path in container mode).</param>
    public void WriteGrafanaProvisioning(string prometheusUrl, string dashboardsPath)
    {
        MonitoringConfig.Write(Path.Combine(GrafanaProvisioning, "datasources", "prometheus.yml"),
            MonitoringConfig.GrafanaDatasourceYaml(prometheusUrl), othersMayRead: true);
        MonitoringConfig.Write(Path.Combine(GrafanaProvisioning, "dashboards", "agentplatform.yml"),
            MonitoringConfig.GrafanaDashboardProviderYaml(dashboardsPath), othersMayRead: true);
    }

    public void CopyDashboards()
    {
        Directory.CreateDirectory(GrafanaDashboards);
        foreach (var dashboard in Directory.EnumerateFiles(MonitoringConfig.ShippedDashboardsDirectory, "*.json"))
        {
            File.Copy(dashboard, Path.Combine(GrafanaDashboards, Path.GetFileName(dashboard)), overwrite: true);
        }
    }
}
