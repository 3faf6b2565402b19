namespace AgentPlatform.Tests.Browser;

/// <summary>
/// The page and the npm packages of the browser test, in the source tree (AgentPlatform.Tests/Browser), and Debian's
/// chromium. Missing pieces fail the test with what installs them: scripts/install-test-deps.sh, which ./test.sh runs.
/// </summary>
public static class BrowserAssets
{
    private const string InstallHint = "scripts/install-test-deps.sh installs it (./test.sh runs that script).";

    /// <summary>AgentPlatform.Tests/Browser, found above the test binaries.</summary>
    public static string Folder { get; } = FindFolder();

    public static string Page => Path.Combine(Folder, "streams.html");

    /// <summary>The official browser client, as npm installs it.</summary>
    public static string SignalRClient
    {
        get
        {
            var path = Path.Combine(Folder, "node_modules", "@microsoft", "signalr", "dist", "browser", "signalr.min.js");
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"{path} is missing: run 'npm ci' in {Folder}. {InstallHint}");
        }
    }

    /// <summary><c>CHROMIUM_PATH</c> when set, else Debian's chromium.</summary>
    public static string Chromium
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"Chromium is not installed at {path} (Debian package 'chromium'; or set CHROMIUM_PATH). {InstallHint}");
        }
    }

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "AgentPlatform.Tests", "Browser");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"AgentPlatform.Tests/Browser was not found above {AppContext.BaseDirectory}.");
    }
}
