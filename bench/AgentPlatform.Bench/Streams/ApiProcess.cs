using AgentPlatform.AppHost.Infrastructure;

namespace AgentPlatform.Bench.Streams;

/// <summary>
/// The real Api (its own build output, <c>dotnet AgentPlatform.Api.dll</c>) as a separate process on Kestrel, so its
/// memory can be read from /proc and the benchmark's clients do not share its process. It applies the migrations on
/// start, as it does under the AppHost. The capacity benchmark starts the Worker the same way (<c>project</c>).
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private ApiProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Pid => _process.Id;

    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken ct, string project = "AgentPlatform.Api")
    {
        var dll = FindDll(project);
        var port = FreePort.Choose(null);
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the Api.");
        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => api.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => api.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await api.WaitUntilHealthyAsync(ct);
        }
        catch (Exception)
        {
            // Never leave the process behind when it did not come up.
            await api.DisposeAsync();
            throw;
        }

        return api;
    }

    /// <summary>Resident memory (VmRSS) of the Api process, in KiB.</summary>
    public long ResidentKiB()
    {
        var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>CPU time the process has used (user + system), in clock ticks (1/100 s).</summary>
    public long CpuTicks()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>The Api's last output lines, to explain a failure.</summary>
    public string RecentOutput()
    {
        lock (_output)
        {
            return string.Join(Environment.NewLine, _output);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > 40)
            {
                _output.Dequeue();
            }
        }
    }

    /// <summary>/health answers 200 once the migrations are applied (Degraded, with no Worker, is still 200).</summary>
    private async Task WaitUntilHealthyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Api exited ({_process.ExitCode}):{Environment.NewLine}{RecentOutput()}");
            }

            try
            {
                using var response = await http.GetAsync("/health", ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Listening, but slow to answer (a loaded machine): ask again.
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"The Api was not healthy within 120 s:{Environment.NewLine}{RecentOutput()}");
    }

    /// <summary>The Api's own build output, next to the benchmark's in the same configuration.</summary>
    private static string FindDll(string project)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AgentPlatform.sln")))
        {
            dir = dir.Parent;
        }

        // The benchmark runs from bin/<configuration>/net10.0/.
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)))!;
        var dll = dir is null ? null : Path.Combine(dir.FullName, project, "bin", configuration, "net10.0", project + ".dll");
        return dll is not null && File.Exists(dll) ? dll : throw new FileNotFoundException($"The {project} build output was not found ({dll}); build the benchmark first.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: the Api stops gracefully (its streams end with server_stopping); killed if it takes too long.
            using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill!.WaitForExitAsync();
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }
}
