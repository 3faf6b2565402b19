using System.Text;

namespace AgentPlatform.Worker.Tools.BuiltIn.FileEditor;

/// <summary>A directory's files and folders, two levels deep, hidden ones left out; symbolic links are shown, never followed.</summary>
internal static class WorkspaceListing
{
    private const int MaxDepth = 2;
    private const int MaxEntries = 500;

    public static string Of(SessionWorkspace workspace, string directory)
    {
        var text = new StringBuilder($"{workspace.Display(directory)}/ (up to {MaxDepth} levels deep, hidden entries left out):\n");
        var count = 0;
        var complete = Append(directory, 1);
        text.Append(count == 0 ? "(empty)\n" : complete ? "" : $"[listing stopped after {MaxEntries} entries]\n");
        return text.ToString();

        bool Append(string folder, int depth)
        {
            var entries = new DirectoryInfo(folder).EnumerateFileSystemInfos()
                .Where(e => !e.Name.StartsWith('.'))
                .OrderBy(e => e.Name, StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                if (count++ == MaxEntries)
                {
                    return false;
                }

                var isLink = entry.LinkTarget is not null;
                var isFolder = entry is DirectoryInfo && !isLink;
                text.Append(workspace.Display(entry.FullName)).Append(isFolder ? "/" : "").Append(isLink ? " (symbolic link)" : "").Append('\n');
                if (isFolder && depth < MaxDepth && !Append(entry.FullName, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
