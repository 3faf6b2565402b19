using System.ComponentModel.DataAnnotations;

namespace AgentPlatform.Worker.Tools.BuiltIn.FileEditor;

/// <summary>The file editor's limits and its workspaces' lifetime (section <c>Tools:FileEditor</c>).</summary>
public sealed class FileEditorOptions
{
    public const string Section = "Tools:FileEditor";

    /// <summary>The most a session's workspace may hold, all its files together; a write past it is a tool error.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxWorkspaceBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>How long a workspace is kept after its session ended (completed, incomplete, failed, stopped).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan KeepWorkspacesFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often each Worker sweeps its workspace root.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}
