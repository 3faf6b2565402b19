namespace AgentPlatform.AppHost.Infrastructure;

/// <summary>
/// Where the monitoring stack's generated files live (<c>monitoring/</c> in the state folder) and their writing. The
/// Prometheus config holds an admin token: owner-only, except in container mode, where the image's own user reads it.
/// </summary>
internal sealed class MonitoringFiles(string root, string signingKey, bool readByContainers)
{
    public const string HomeDashboard = "agentplatform.json";

    public string Root { get; } = root;
    public string PrometheusDirectory => Path.Combine(Root, "prometheus");
    public string PrometheusConfig => Path.Combine(PrometheusDirectory, "prometheus.yml");
    public string GrafanaProvisioning => Path.Combine(Root, "grafana", "provisioning");
    public string GrafanaDashboards => Path.Combine(Root, "grafana", "dashboards");

    /// <summary>prometheus.yml with a fresh admin token (valid <see cref="MonitoringConfig.TokenLifetime"/>).</summary>
    public void WritePrometheusConfig(IEnumerable<ScrapeTarget> targets)
    {
        var token = DevTokens.Create(signingKey, ResourceNames.Prometheus, admin: true, MonitoringConfig.TokenLifetime);
        MonitoringConfig.Write(PrometheusConfig, MonitoringConfig.PrometheusYaml(targets, token), othersMayRead: readByContainers);
    }

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
