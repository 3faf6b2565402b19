using System.Diagnostics;

namespace AgentPlatform.AppHost.Infrastructure;

/// <summary>
/// Prepares PostgreSQL's data directory on first use (initdb with a password for TCP logins). PostgreSQL refuses to
/// run as root, so when the AppHost is root the directory belongs to, and the server runs as, the <c>postgres</c> user.
/// </summary>
internal static class PostgresDataDirectory
{
    public const string ServiceUser = "postgres";

    public static bool RunningAsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";

    /// <summary>The command line that runs <paramref name="program"/> as PostgreSQL's own user when needed.</summary>
    public static (string Command, List<string> Args) AsServiceUser(string program, params string[] args)
    {
        if (!RunningAsRoot)
        {
            return (program, [.. args]);
        }

        var setpriv = Executables.FindOnPath("setpriv")
            ?? throw new InvalidOperationException("Running as root needs 'setpriv' (util-linux) to start PostgreSQL as the postgres user.");
        return (setpriv, ["--reuid=" + ServiceUser, "--regid=" + ServiceUser, "--init-groups", "--", program, .. args]);
    }

    public static void EnsureInitialized(string binDirectory, string root, string dataDirectory, string password)
    {
        Directory.CreateDirectory(root);
        if (RunningAsRoot)
        {
            Run("chown", ServiceUser + ":" + ServiceUser, root);
        }

        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            return;
        }

        var passwordFile = Path.Combine(root, ".initdb-password");
        File.WriteAllText(passwordFile, password);
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            if (RunningAsRoot)
            {
                Run("chown", ServiceUser + ":" + ServiceUser, passwordFile);
            }

            var (command, args) = AsServiceUser(Path.Combine(binDirectory, "initdb"),
                "-D", dataDirectory, "-U", "postgres", "--pwfile=" + passwordFile,
                "--auth-host=scram-sha-256", "--auth-local=peer", "--encoding=UTF8", "--no-locale");
            Run(command, [.. args]);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static void Run(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        }) ?? throw new InvalidOperationException($"Could not start {command}.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{command} {string.Join(' ', args)}' failed with exit code {process.ExitCode}: {stderr.Result}{stdout.Result}");
        }
    }
}
