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
    public static string DefaultStateDirectory()
    {
        if (OperatingSystem.IsLinux() && Environment.UserName == "root")
        {
            return "/var/lib/agentplatform";
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        var state = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state")
            : xdg;
        return Path.Combine(state, "agentplatform");
    }
}
