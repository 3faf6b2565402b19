using System.Diagnostics;

namespace AgentPlatform.AppHost.Infrastructure;

/// <summary>Asks docker or podman (as Aspire would use them) whether an engine answers.</summary>
internal static class ContainerEngine
{
    public static bool Answers(IConfiguration configuration)
    {
        var preferred = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"];
        string[] candidates = string.IsNullOrWhiteSpace(preferred) ? ["docker", "podman"] : [preferred];
        return candidates.Any(Answers);
    }

    private static bool Answers(string client)
    {
        var path = Executables.FindOnPath(client);
        if (path is null)
        {
            return false;
        }

        using var process = Process.Start(new ProcessStartInfo(path, ["info", "--format", "{{.ServerVersion}}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        if (process is null)
        {
            return false;
        }

        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process.Kill(entireProcessTree: true);
            return false;
        }

        return process.ExitCode == 0;
    }
}
