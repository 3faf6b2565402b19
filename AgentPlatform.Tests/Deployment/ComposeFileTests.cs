using System.Diagnostics;

namespace AgentPlatform.Tests.Deployment;

/// <summary>
/// deploy/compose: validated by <c>docker-compose config</c> (Debian's docker-compose, which needs no daemon for it;
/// scripts/install-test-deps.sh installs it) with the committed .env.example, then read back resolved.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string Folder = RepositoryFiles.PathOf("deploy", "compose");
    private static readonly string[] LongRunning = ["postgres", "redis", "api-1", "api-2", "gateway", "worker-1", "worker-2", "prometheus", "grafana"];

    [Fact]
    public async Task Docker_compose_config_accepts_the_file_with_the_example_env_and_refuses_it_without_secrets()
    {
        var (ok, _, _) = await Resolved.Value;
        var empty = Path.GetTempFileName();
        var (refused, _, error) = await ComposeConfigAsync(empty);
        File.Delete(empty);

        Assert.Equal(0, ok);
        Assert.NotEqual(0, refused);
        Assert.Contains("POSTGRES_PASSWORD", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_long_running_service_has_a_health_check_and_a_restart_policy()
    {
        var services = (await ResolvedAsync()).Map("services");

        Assert.Equal(LongRunning.Append("migrate").Order(StringComparer.Ordinal), services.Keys.Select(k => k.ToString()!).Order(StringComparer.Ordinal));
        foreach (var name in LongRunning)
        {
            Assert.True(services[name].At("healthcheck.test") is List<object?> { Count: > 0 }, $"{name} has no health check");
            Assert.Equal("unless-stopped", services[name].Text("restart"));
        }
    }

    [Fact]
    public async Task Two_api_replicas_sit_behind_the_gateway_and_two_workers_run_after_the_migrate_step()
    {
        var services = (await ResolvedAsync()).Map("services");

        Assert.Equal(["migrate"], services["migrate"].List("command"));
        Assert.Equal("no", services["migrate"].Text("restart"));
        foreach (var name in new[] { "api-1", "api-2", "worker-1", "worker-2" })
        {
            Assert.Equal("service_completed_successfully", services[name].Text("depends_on.migrate.condition"));
            Assert.Equal("Production", services[name].Text("environment.ASPNETCORE_ENVIRONMENT"));
        }

        var gateway = services["gateway"];
        Assert.Equal("http://api-1:8080", gateway.Text("environment.Gateway__Destinations__0"));
        Assert.Equal("http://api-2:8080", gateway.Text("environment.Gateway__Destinations__1"));
        Assert.Equal("service_healthy", gateway.Text("depends_on.api-1.condition"));
        Assert.Equal("service_healthy", gateway.Text("depends_on.api-2.condition"));
        // The Workers stop gracefully within Hangfire's stop timeout plus the host's margin.
        Assert.Equal("60s", services["worker-1"].Text("stop_grace_period"));
    }

    [Fact]
    public async Task No_secret_is_written_in_the_files_and_dot_env_is_not_committed()
    {
        foreach (var file in new[] { "docker-compose.yml", "prometheus/prometheus.yml" })
        {
            foreach (var (key, value) in YamlDocs.Load(Path.Combine(Folder, file)).SelectMany(d => d.Scalars()))
            {
                var secretish = (key ?? "").Contains("PASSWORD", StringComparison.OrdinalIgnoreCase)
                    || (key ?? "").Contains("TOKEN", StringComparison.OrdinalIgnoreCase)
                    || (key ?? "").Equals("credentials", StringComparison.OrdinalIgnoreCase)
                    || value.Contains("password=", StringComparison.OrdinalIgnoreCase)
                    || value.Contains("Key=", StringComparison.Ordinal);
                Assert.False(secretish && !value.Contains("${", StringComparison.Ordinal) && !value.Contains("$$", StringComparison.Ordinal),
                    $"{file}: '{key}: {value}' looks like an inline secret");
            }
        }

        Assert.Contains(".env", File.ReadAllLines(Path.Combine(Folder, ".gitignore")));
        Assert.Contains("secrets/*", File.ReadAllLines(Path.Combine(Folder, ".gitignore")));
    }

    [Fact]
    public async Task Prometheus_scrapes_every_replica_with_the_metrics_token_secret_and_grafana_has_no_anonymous_admin()
    {
        var services = (await ResolvedAsync()).Map("services");
        var prometheus = YamlDocs.Load(Path.Combine(Folder, "prometheus", "prometheus.yml")).Single();

        Assert.Contains(services["prometheus"].List("secrets"), s => s.Text("source") == "metrics_token");
        var jobs = prometheus.List("scrape_configs");
        Assert.Equal(["api-1:8080", "api-2:8080", "worker-1:8080", "worker-2:8080"],
            jobs.SelectMany(j => j.List("static_configs")).SelectMany(s => s.List("targets")).Cast<string>());
        Assert.All(jobs, j => Assert.Equal("/run/secrets/metrics_token", j.Text("authorization.credentials_file")));
        Assert.Equal("false", services["grafana"].Text("environment.GF_AUTH_ANONYMOUS_ENABLED"));
        Assert.DoesNotContain("GF_AUTH_ANONYMOUS_ORG_ROLE", services["grafana"].Map("environment").Keys.Select(k => k.ToString()));
    }

    // docker-compose takes seconds to start: resolve once for the class's checks.
    private static readonly Lazy<Task<(int ExitCode, string Output, string Error)>> Resolved =
        new(() => ComposeConfigAsync(Path.Combine(Folder, ".env.example")));

    private static async Task<Dictionary<object, object?>> ResolvedAsync()
    {
        var (exitCode, output, error) = await Resolved.Value;
        Assert.True(exitCode == 0, error);
        return YamlDocs.Parse(output).Single();
    }

    private static async Task<(int ExitCode, string Output, string Error)> ComposeConfigAsync(string envFile)
    {
        var info = new ProcessStartInfo("docker-compose")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--env-file", envFile, "-f", "docker-compose.yml", "config" })
        {
            info.ArgumentList.Add(arg);
        }

        // The secret file named by METRICS_TOKEN_FILE must exist for config to resolve; point it at an empty one.
        info.Environment["METRICS_TOKEN_FILE"] = Path.Combine(Folder, "secrets", ".gitkeep");
        using var process = Process.Start(info)
            ?? throw new InvalidOperationException("docker-compose is not installed (scripts/install-test-deps.sh installs it).");
        // Shared across tests: not cancelled by the first one's token.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
