namespace AgentPlatform.AppHost.Infrastructure;

/// <summary>Finds the machine's own PostgreSQL, Redis, Prometheus and Grafana binaries.</summary>
internal static class Executables
{
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// The folder holding <c>postgres</c> and <c>initdb</c>: <c>Infrastructure:PostgresBinDirectory</c>, else the newest
    /// <c>/usr/lib/postgresql/*/bin</c>, else where <c>postgres</c> on PATH really lives.
    /// </summary>
    public static string? FindPostgresBin(IConfiguration configuration)
    {
        var configured = configuration["Infrastructure:PostgresBinDirectory"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasPostgres(configured) ? configured : null;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => HasPostgres(d.Dir))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Dir)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        var onPath = FindOnPath("postgres");
        if (onPath is null)
        {
            return null;
        }

        var real = new FileInfo(onPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? onPath;
        var dir = Path.GetDirectoryName(real)!;
        return HasPostgres(dir) ? dir : null;
    }

    public static string? FindRedisServer(IConfiguration configuration)
    {
        var configured = configuration["Infrastructure:RedisServerPath"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        return FindOnPath("redis-server");
    }

    /// <summary><c>Infrastructure:PrometheusPath</c> when set (and present), else <c>prometheus</c> on PATH.</summary>
    public static string? FindPrometheus(IConfiguration configuration) =>
        Configured(configuration["Infrastructure:PrometheusPath"], () => FindOnPath("prometheus"));

    /// <summary><c>Infrastructure:GrafanaPath</c> when set (and present), else <c>grafana-server</c> or <c>grafana</c> on PATH.</summary>
    public static string? FindGrafana(IConfiguration configuration) =>
        Configured(configuration["Infrastructure:GrafanaPath"], () => FindOnPath("grafana-server") ?? FindOnPath("grafana"));

    private static string? Configured(string? path, Func<string?> otherwise) =>
        string.IsNullOrWhiteSpace(path) ? otherwise() : File.Exists(path) ? Path.GetFullPath(path) : null;

    private static bool HasPostgres(string dir) =>
        File.Exists(Path.Combine(dir, "postgres")) && File.Exists(Path.Combine(dir, "initdb"));
}
