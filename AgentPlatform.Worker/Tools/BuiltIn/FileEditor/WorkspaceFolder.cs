namespace AgentPlatform.Worker.Tools.BuiltIn.FileEditor;

/// <summary>
/// Makes and checks the folders the workspaces live in (the root and each session's): created owner-only (0700), and
/// refused when the path is a symbolic link, not a directory or not owned by this process's user, so a folder planted
/// in advance (in a shared /tmp, say) is never used.
/// </summary>
internal static class WorkspaceFolder
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void Ensure(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            // The opened-handle checks (statx, /proc/self/fd) are Linux's; elsewhere the editor would be unguarded.
            throw new ToolException("The file editor needs Linux.");
        }

        if (LinuxFiles.StatusOf(path) is null)
        {
            // Only the folder itself is owner-only: its parent may be the state folder other services enter too.
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Directory.CreateDirectory(path, OwnerOnly);
        }

        var status = LinuxFiles.StatusOf(path) ?? throw new ToolException($"The workspace folder {path} could not be created.");
        if (status.Kind == FileKind.SymbolicLink)
        {
            throw new ToolException($"The workspace folder {path} is a symbolic link; refusing to use it.");
        }

        if (status.Kind != FileKind.Directory)
        {
            throw new ToolException($"The workspace folder {path} is not a directory.");
        }

        if (status.OwnerId != LinuxFiles.EffectiveUserId)
        {
            throw new ToolException($"The workspace folder {path} belongs to another user; refusing to use it.");
        }

        if (status.Mode != OwnerOnly)
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
    }
}
