namespace AgentPlatform.Worker.Tools.BuiltIn.FileEditor;

/// <summary>The per-session size limit: what a workspace's regular files hold together (links are not followed).</summary>
internal static class WorkspaceQuota
{
    /// <summary>Refuses a write that would replace <paramref name="path"/>'s content with <paramref name="newBytes"/> bytes past the limit.</summary>
    public static void Check(SessionWorkspace workspace, string path, long newBytes, long maxBytes)
    {
        var current = LinuxFiles.StatusOf(path) is { Kind: FileKind.Regular } existing ? existing.Size : 0;
        var used = Used(workspace.Root);
        var after = used - current + newBytes;
        if (after > maxBytes)
        {
            throw new ToolException(
                $"Writing {newBytes:N0} bytes to {workspace.Display(path)} would bring the workspace to {after:N0} bytes; " +
                $"its quota is {maxBytes:N0} (now {used:N0} used). Make the file smaller or remove content first.");
        }
    }

    public static long Used(string folder)
    {
        long total = 0;
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            var status = LinuxFiles.StatusOf(entry.FullName);
            total += status switch
            {
                { Kind: FileKind.Directory } => Used(entry.FullName),
                { Kind: FileKind.Regular } regular => regular.Size,
                _ => 0,
            };
        }

        return total;
    }
}
