namespace AgentPlatform.Worker.Tools.BuiltIn.FileEditor;

/// <summary>
/// A session's folder under the workspace root, the only place the file editor reads or writes. Paths are relative
/// to it; absolute paths, <c>..</c> and symbolic links whose real target lies outside are refused.
/// </summary>
public sealed class SessionWorkspace
{
    private SessionWorkspace(string root) => Root = root;

    /// <summary>The workspace's real path (symbolic links resolved).</summary>
    public string Root { get; }

    /// <summary>
    /// The session's folder, made owner-only on first use; the root and the folder must be real directories owned by
    /// this process's user (<see cref="WorkspaceFolder"/>).
    /// </summary>
    public static SessionWorkspace Open(string workspaceRoot, Guid sessionId)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspaceRoot));
        WorkspaceFolder.Ensure(root);
        var path = Path.Combine(root, sessionId.ToString("N"));
        WorkspaceFolder.Ensure(path);
        return new SessionWorkspace(RealPath.Resolve(path));
    }

    /// <summary>The real full path of <paramref name="path"/>, which must stay inside the workspace.</summary>
    public string Resolve(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0'))
        {
            throw new ToolException("A path relative to the workspace is required, e.g. 'notes/plan.md'.");
        }

        if (Path.IsPathRooted(path))
        {
            throw new ToolException($"'{path}' is an absolute path; paths are relative to the workspace, e.g. 'notes/plan.md'.");
        }

        var segments = path.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        if (segments.Contains(".."))
        {
            throw new ToolException($"'{path}' uses '..'; paths must stay inside the workspace.");
        }

        var real = RealPath.Resolve(Path.Join(Root, string.Join(Path.DirectorySeparatorChar, segments)));
        return real == Root || real.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? real
            : throw new ToolException($"'{path}' leads outside the workspace through a symbolic link.");
    }

    /// <summary>How the model sees a resolved path.</summary>
    public string Display(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');
}
