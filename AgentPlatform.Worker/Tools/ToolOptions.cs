using System.ComponentModel.DataAnnotations;

namespace AgentPlatform.Worker.Tools;

/// <summary>The tools' settings, from <c>Tools</c>.</summary>
public sealed class ToolOptions
{
    public const string Section = "Tools";

    /// <summary>
    /// Where the file editor keeps one folder per session: by default <c>workspaces</c> in the service's state folder
    /// (the AppHost passes its own), never under a world-writable temporary folder.
    /// </summary>
    [Required]
    public string WorkspaceRoot { get; set; } = Path.Combine(DefaultStateDirectory(), "workspaces");

    /// <summary>As the AppHost's LocalState chooses it: <c>/var/lib/agentplatform</c> for root, else the XDG state folder.</summary>
    public static string DefaultStateDirectory() => DefaultStateDirectory(
        OperatingSystem.IsLinux() ? Environment.UserName : null,
        Environment.GetEnvironmentVariable("XDG_STATE_HOME"),
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>The choice itself, given the user (null off Linux), <c>XDG_STATE_HOME</c> and the home folder.</summary>
    public static string DefaultStateDirectory(string? linuxUserName, string? xdgStateHome, string home)
    {
        if (linuxUserName == "root")
        {
            return "/var/lib/agentplatform";
        }

        var state = string.IsNullOrWhiteSpace(xdgStateHome) ? Path.Combine(home, ".local", "state") : xdgStateHome;
        return Path.Combine(state, "agentplatform");
    }
}
