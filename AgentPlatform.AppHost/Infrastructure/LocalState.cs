using System.Security.Cryptography;
using System.Text.Json;

namespace AgentPlatform.AppHost.Infrastructure;

/// <summary>
/// The per-user folder that keeps local data and generated secrets across restarts:
/// <c>Infrastructure:StateDirectory</c>, else <c>$XDG_STATE_HOME/agentplatform</c> or <c>~/.local/state/agentplatform</c>;
/// for root <c>/var/lib/agentplatform</c>, because PostgreSQL's own user cannot enter root's home.
/// </summary>
public sealed class LocalState
{
    private readonly Dictionary<string, string> _secrets;
    private readonly string _secretsPath;

    private LocalState(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        _secretsPath = Path.Combine(directory, "secrets.json");
        _secrets = File.Exists(_secretsPath)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(_secretsPath)) ?? []
            : [];
    }

    public string Directory { get; }

    public static LocalState Open(IConfiguration configuration) => new(Resolve(configuration));

    public static string Resolve(IConfiguration configuration)
    {
        var configured = configuration["Infrastructure:StateDirectory"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        if (OperatingSystem.IsLinux() && Environment.UserName == "root")
        {
            return "/var/lib/agentplatform";
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        var root = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state")
            : xdg;
        return Path.Combine(root, "agentplatform");
    }

    /// <summary>A random secret made once per machine and kept (mode 0600) in the state folder.</summary>
    public string Secret(string name, int bytes = 32)
    {
        if (_secrets.TryGetValue(name, out var existing))
        {
            return existing;
        }

        var value = Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes)).ToLowerInvariant();
        _secrets[name] = value;
        File.WriteAllText(_secretsPath, JsonSerializer.Serialize(_secrets));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_secretsPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return value;
    }

    /// <summary>
    /// The development JWT signing key: <c>Auth:SigningKey</c> when given, else the file <c>jwt-signing-key</c> in the
    /// state folder (made on first use, here or by <c>./run.sh token</c>, which signs with the same file).
    /// </summary>
    public string JwtSigningKey(IConfiguration configuration)
    {
        var configured = configuration["Auth:SigningKey"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var path = Path.Combine(Directory, "jwt-signing-key");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        File.WriteAllText(path, key);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }
}
