using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using AgentPlatform.AppHost.Infrastructure;

namespace AgentPlatform.Tests.Deployment;

/// <summary>
/// The Api or the Worker as a real process (<c>dotnet AgentPlatform.X.dll [args]</c>) from its own build folder (so its
/// own appsettings.Production.json applies), in the environment given and nothing of the machine's configuration;
/// its output is kept for the assertions.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    public static ServiceProcess Start(string project, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        // The project built in the same configuration as the tests (…/bin/<Configuration>/net10.0/).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..",
            project, "bin", configuration, "net10.0", project + ".dll"));
        var port = FreePort.Choose(null);
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT", "TMPDIR" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                info.Environment[name] = value;
            }
        }

        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_URLS"] = address.ToString();
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {project}.");
        var started = new ServiceProcess(process, address);
        process.OutputDataReceived += (_, e) => started.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => started.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>The exit code, once the process ends by itself within the timeout (it is killed otherwise).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"The process did not exit within {timeout}. Output:\n{Output}");
        }

        // The output handlers may still be draining: WaitForExit() without a timeout waits for them.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Polls <paramref name="path"/> until it answers <paramref name="status"/>.</summary>
    public async Task WaitForStatusAsync(string path, System.Net.HttpStatusCode status, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        await Poll.UntilAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The process exited with {_process.ExitCode}. Output:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(path, ct);
                return response.StatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                return (System.Net.HttpStatusCode)0; // not listening yet
            }
        }, s => s == status, TimeSpan.FromSeconds(90), ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
