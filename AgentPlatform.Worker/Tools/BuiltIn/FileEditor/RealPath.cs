namespace AgentPlatform.Worker.Tools.BuiltIn.FileEditor;

/// <summary>
/// A full path with every symbolic link resolved, component by component (like POSIX realpath), so that a link
/// anywhere along the way is seen. Components that do not exist yet are kept as written.
/// </summary>
internal static class RealPath
{
    private const int MaxLinks = 40;

    public static string Resolve(string fullPath)
    {
        var current = Path.GetPathRoot(fullPath) ?? throw new ArgumentException("The path must be absolute.", nameof(fullPath));
        var pending = new LinkedList<string>(Segments(fullPath[current.Length..]));
        var links = 0;
        while (pending.First is { } first)
        {
            var segment = first.Value;
            pending.RemoveFirst();
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Join(current, segment);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new ToolException("Too many levels of symbolic links.");
            }

            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
                target = target[current.Length..];
            }

            foreach (var part in Segments(target).Reverse())
            {
                pending.AddFirst(part);
            }
        }

        return current;
    }

    private static string[] Segments(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
