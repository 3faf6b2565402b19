using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgentPlatform.AppHost.Infrastructure;

namespace AgentPlatform.Tests.Monitoring;

/// <summary>The files the AppHost generates for Prometheus and Grafana, and the dashboard it ships.</summary>
public sealed class MonitoringConfigTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "agentplatform-monitoring-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void Prometheus_config_scrapes_both_services_every_15_seconds_with_a_metrics_only_token()
    {
        var files = new MonitoringFiles(_root, TestTokens.SigningKey);
        files.WritePrometheusConfig([new ScrapeTarget("api", "localhost:5080"), new ScrapeTarget("worker", "localhost:5090")]);

        var yaml = File.ReadAllText(files.PrometheusConfig);
        Assert.Contains("scrape_interval: 15s", yaml);
        Assert.Contains("scrape_interval: 2s", new MonitoringFiles(_root, TestTokens.SigningKey, TimeSpan.FromSeconds(2)).PrometheusYaml([]));
        Assert.Contains("- job_name: api", yaml);
        Assert.Contains("- targets: ['localhost:5080']", yaml);
        Assert.Contains("- job_name: worker", yaml);
        Assert.Contains("- targets: ['localhost:5090']", yaml);
        Assert.Equal(2, Lines(yaml, "metrics_path: /metrics").Count);
        Assert.Equal(2, Lines(yaml, "type: Bearer").Count);

        var tokens = Lines(yaml, "credentials: ").Select(line => line["credentials: ".Length..]).Distinct().ToList();
        var token = Assert.Single(tokens);
        var payload = VerifiedPayload(token, TestTokens.SigningKey);
        Assert.Equal("metrics", payload.GetProperty("role").GetString());
        Assert.Equal("agentplatform", payload.GetProperty("iss").GetString());
        Assert.Equal("agentplatform-api", payload.GetProperty("aud").GetString());
        var lifetime = TimeSpan.FromSeconds(payload.GetProperty("exp").GetInt64() - DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.InRange(lifetime, TimeSpan.FromDays(29), TimeSpan.FromDays(31));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(files.PrometheusConfig));
        }
    }

    [Fact]
    public void The_token_does_not_validate_against_another_key()
    {
        var files = new MonitoringFiles(_root, TestTokens.SigningKey);

        var token = Lines(files.PrometheusYaml([new ScrapeTarget("api", "host.docker.internal:5080")]), "credentials: ").Single()["credentials: ".Length..];
        Assert.Throws<InvalidOperationException>(() => VerifiedPayload(token, "another-signing-key-0123456789abcdef0123"));
    }

    [Fact]
    public void Grafana_provisioning_points_at_prometheus_and_the_dashboards()
    {
        var files = new MonitoringFiles(_root, TestTokens.SigningKey);
        files.WriteGrafanaProvisioning("http://127.0.0.1:9090", "/dashboards");
        files.CopyDashboards();

        var datasource = File.ReadAllText(Path.Combine(files.GrafanaProvisioning, "datasources", "prometheus.yml"));
        Assert.Contains("type: prometheus", datasource);
        Assert.Contains("url: http://127.0.0.1:9090", datasource);
        Assert.Contains($"uid: {MonitoringConfig.DatasourceUid}", datasource);
        var provider = File.ReadAllText(Path.Combine(files.GrafanaProvisioning, "dashboards", "agentplatform.yml"));
        Assert.Contains("path: /dashboards", provider);
        Assert.True(File.Exists(Path.Combine(files.GrafanaDashboards, MonitoringFiles.HomeDashboard)));
    }

    [Theory]
    [InlineData("agentplatform_sessions_created_total")]
    [InlineData("agentplatform_runs_completed_total")]
    [InlineData("agentplatform_queue_latency_milliseconds_bucket")]
    [InlineData("agentplatform_tokens_used_total")]
    [InlineData("agentplatform_tokens_saved_total")]
    [InlineData("agentplatform_tool_circuit_state")]
    public void The_dashboard_has_a_panel_querying(string metric)
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(
            Path.Combine(MonitoringConfig.ShippedDashboardsDirectory, MonitoringFiles.HomeDashboard)));

        var queries = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .ToList();
        Assert.Contains(queries, query => query.GetProperty("expr").GetString()!.Contains(metric, StringComparison.Ordinal));
        Assert.All(queries, query => Assert.Equal(MonitoringConfig.DatasourceUid, query.GetProperty("datasource").GetProperty("uid").GetString()));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static List<string> Lines(string text, string start) =>
        text.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith(start, StringComparison.Ordinal)).ToList();

    /// <summary>Checks an HS256 JWT's signature by hand and returns its payload.</summary>
    private static JsonElement VerifiedPayload(string token, string key)
    {
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        using var header = JsonDocument.Parse(FromBase64Url(parts[0]));
        Assert.Equal("HS256", header.RootElement.GetProperty("alg").GetString());
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        if (!CryptographicOperations.FixedTimeEquals(expected, FromBase64Url(parts[2])))
        {
            throw new InvalidOperationException("The token's signature does not match the key.");
        }

        return JsonDocument.Parse(FromBase64Url(parts[1])).RootElement.Clone();
    }

    private static byte[] FromBase64Url(string part)
    {
        var base64 = part.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
    }
}
