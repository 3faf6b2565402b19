namespace AgentPlatform.AppHost.Infrastructure;

/// <summary>
/// The local Redis's <c>requirepass</c>, in a config file readable by its owner only (mode 600), passed to
/// <c>redis-server</c> as its config path: a <c>--requirepass</c> argument would be visible in <c>ps</c> and in
/// DCP's executable logs.
/// </summary>
internal static class RedisConfigFile
{
    public static string Write(string directory, string password)
    {
        var path = Path.Combine(directory, "redis-auth.conf");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options))
        {
            // Redis config strings may be quoted; the generated password is hex, so it needs no escaping.
            writer.Write($"requirepass \"{password}\"\n");
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }
}
