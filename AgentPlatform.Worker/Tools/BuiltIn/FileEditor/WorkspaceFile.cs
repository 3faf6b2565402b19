namespace AgentPlatform.Worker.Tools.BuiltIn.FileEditor;

/// <summary>
/// Opens a file the <see cref="SessionWorkspace"/> has resolved, and checks what was actually opened, not the path:
/// a symbolic link swapped in after the check (in the last component: O_NOFOLLOW; in a folder above it: the opened
/// file's real path, read back from /proc/self/fd), a hard link (a second name, possibly outside), and anything but a
/// regular file (a FIFO, socket or device; opened without blocking, so a FIFO cannot hold the tool until its timeout).
/// </summary>
internal static class WorkspaceFile
{
    public static FileStream OpenRead(SessionWorkspace workspace, string path) => Open(workspace, path, write: false, create: false);

    /// <summary>For writing, created (owner-only) when <paramref name="create"/> and missing; truncated only after the checks.</summary>
    public static FileStream OpenWrite(SessionWorkspace workspace, string path, bool create)
    {
        var stream = Open(workspace, path, write: true, create);
        stream.SetLength(0);
        return stream;
    }

    private static FileStream Open(SessionWorkspace workspace, string path, bool write, bool create)
    {
        var shown = workspace.Display(path);
        var (handle, errno) = LinuxFiles.Open(path, write, create);
        if (handle is null)
        {
            throw errno switch
            {
                LinuxFiles.ELOOP => new ToolException($"{shown} is a symbolic link (it changed after the path was checked); refusing to open it."),
                LinuxFiles.ENXIO => new ToolException($"{shown} is not a regular file (a FIFO or socket); the editor opens regular files only."),
                2 => new ToolException($"{shown} does not exist."),
                21 => new ToolException($"{shown} is a directory."),
                _ => new ToolException($"{shown} could not be opened (errno {errno})."),
            };
        }

        var opened = false;
        try
        {
            var status = LinuxFiles.StatusOf(handle);
            if (status.Kind != FileKind.Regular)
            {
                throw new ToolException($"{shown} is not a regular file ({status.Kind}); the editor opens regular files only.");
            }

            if (status.LinkCount > 1)
            {
                throw new ToolException($"{shown} has {status.LinkCount} hard links; the editor refuses files that have another name.");
            }

            if (new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget != path)
            {
                throw new ToolException($"{shown} moved outside the checked path while it was opened; refusing it.");
            }

            var stream = new FileStream(handle, write ? FileAccess.Write : FileAccess.Read);
            opened = true;
            return stream;
        }
        finally
        {
            if (!opened)
            {
                handle.Dispose();
            }
        }
    }
}
