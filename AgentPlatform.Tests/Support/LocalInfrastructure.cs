using System.Diagnostics;
using System.Globalization;
using AgentPlatform.AppHost.Infrastructure;
using Npgsql;
using StackExchange.Redis;

namespace AgentPlatform.Tests.Support;

/// <summary>
/// A real PostgreSQL and Redis for the fast tests: the machine's binaries, started the way the AppHost's local mode
/// starts them (initdb on a fresh folder, PostgreSQL as the postgres user when root), on free loopback ports.
/// Free of xUnit (the fixture part is in LocalInfrastructure.Fixture.cs), so the benchmarks under bench/ use it too.
/// </summary>
public sealed partial class LocalInfrastructure : IAsyncDisposable
{
    private const string Password = "tests-password";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "agentplatform-fast-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _postgres;
    private Process? _redis;
    private int _pgPort;
    private int _redisPort;
    private (string Command, List<string> Args) _postgresCommand;
    private (string Command, List<string> Args) _redisCommand;

    public string RedisConnectionString => $"127.0.0.1:{_redisPort},password={Password}";

    /// <summary>A connection string to a database of this name (created by the Api's migrations).</summary>
    public string Database(string name) =>
        $"Host=127.0.0.1;Port={_pgPort};Username=postgres;Password={Password};Database={name};Include Error Detail=true";

    public async ValueTask InitializeAsync()
    {
        var config = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
        var bin = Executables.FindPostgresBin(config) ?? throw new InvalidOperationException("PostgreSQL binaries are not installed (./test.sh installs them).");
        var redisServer = Executables.FindRedisServer(config) ?? throw new InvalidOperationException("redis-server is not installed (./test.sh installs it).");
        var pgRoot = Path.Combine(_root, "postgres");
        var data = Path.Combine(pgRoot, "data");
        Directory.CreateDirectory(_root);
        PostgresDataDirectory.EnsureInitialized(bin, pgRoot, data, Password);
        _pgPort = FreePort.Choose(null);
        _redisPort = FreePort.Choose(null);
        _postgresCommand = PostgresDataDirectory.AsServiceUser(Path.Combine(bin, "postgres"), "-D", data,
            "-p", _pgPort.ToString(CultureInfo.InvariantCulture), "-c", "listen_addresses=127.0.0.1",
            "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "max_connections=300",
            // The capacity benchmark measures queue latency from the commit of run.queued (pg_xact_commit_timestamp).
            "-c", "track_commit_timestamp=on");
        _postgres = Start(_postgresCommand.Command, _postgresCommand.Args);
        var redisDir = Path.Combine(_root, "redis");
        Directory.CreateDirectory(redisDir);
        _redisCommand = (redisServer, ["--port", _redisPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--dir", redisDir, "--requirepass", Password, "--save", "", "--appendonly", "no"]);
        _redis = Start(_redisCommand.Command, _redisCommand.Args);
        await WaitUntilReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { _redis, _postgres })
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process?.Dispose();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>Stops PostgreSQL (fast shutdown), as an outage would; <see cref="StartPostgresAsync"/> brings it back.</summary>
    public async Task StopPostgresAsync()
    {
        if (_postgres is { HasExited: false })
        {
            // SIGINT is PostgreSQL's fast shutdown: connections are cut, the data stays.
            using var kill = Process.Start("kill", ["-INT", _postgres.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill!.WaitForExitAsync();
            await _postgres.WaitForExitAsync();
        }
    }

    /// <summary>Freezes Redis (SIGSTOP): connections stay open but nothing answers, as a hung server would.</summary>
    public Task PauseRedisAsync() => SignalAsync(_redis, "-STOP");

    /// <summary>Thaws Redis (SIGCONT) after <see cref="PauseRedisAsync"/>.</summary>
    public Task ResumeRedisAsync() => SignalAsync(_redis, "-CONT");

    /// <summary>Kills Redis (SIGKILL: nothing saved, every connection cut); <see cref="StartRedisAsync"/> brings it back.</summary>
    public async Task KillRedisAsync()
    {
        if (_redis is { HasExited: false })
        {
            _redis.Kill();
            await _redis.WaitForExitAsync();
        }
    }

    /// <summary>Starts Redis again on the same port with the same password, empty.</summary>
    public async Task StartRedisAsync()
    {
        _redis?.Dispose();
        _redis = Start(_redisCommand.Command, _redisCommand.Args);
        await WaitUntilReadyAsync();
    }

    private static async Task SignalAsync(Process? process, string signal)
    {
        if (process is { HasExited: false })
        {
            using var kill = Process.Start("kill", [signal, process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill!.WaitForExitAsync();
        }
    }

    public async Task StartPostgresAsync()
    {
        _postgres?.Dispose();
        _postgres = Start(_postgresCommand.Command, _postgresCommand.Args);
        await WaitUntilReadyAsync();
    }

    private static Process Start(string command, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {command}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await using var connection = new NpgsqlConnection(Database("postgres"));
                await connection.OpenAsync();
                await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisConnectionString);
                await redis.GetDatabase().PingAsync();
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or RedisConnectionException or InvalidOperationException)
            {
                last = ex;
                await Task.Delay(200);
            }
        }

        throw new TimeoutException("PostgreSQL or Redis did not start within 30 s.", last);
    }
}
