using System.ComponentModel.DataAnnotations;

namespace AgentPlatform.Worker.Tools;

/// <summary>The tools' settings, from <c>Tools</c>.</summary>
public sealed class ToolOptions
{
    public const string Section = "Tools";

    /// <summary>Where the file editor keeps one folder per session.</summary>
    [Required]
    public string WorkspaceRoot { get; set; } = Path.Combine(Path.GetTempPath(), "agentplatform", "workspaces");
}
