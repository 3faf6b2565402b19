using System.Text;

namespace AgentPlatform.Worker.Tools.BuiltIn.FileEditor;

/// <summary>The file editor's commands on paths already resolved inside a <see cref="SessionWorkspace"/>.</summary>
internal sealed class WorkspaceFiles(SessionWorkspace workspace, long maxWorkspaceBytes)
{
    private const int MaxFileBytes = 2 * 1024 * 1024;
    private const int SnippetLines = 4;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public async Task<string> ViewAsync(string path, int[]? range, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            return range is null ? WorkspaceListing.Of(workspace, path) : throw new ToolException("view_range applies to files, not to directories.");
        }

        var lines = TextLines.Split(await ReadAsync(path, cancellationToken));
        var (first, last) = (1, lines.Length);
        if (range is not null)
        {
            (first, last) = range is [var a, var b] ? (a, b == -1 ? lines.Length : b) : throw new ToolException("view_range must be [first, last].");
            if (first < 1 || last < first || last > lines.Length)
            {
                throw new ToolException($"view_range [{range[0]}, {range[1]}] does not fit the file ({TextLines.Count(lines.Length)}).");
            }
        }

        return $"{workspace.Display(path)} ({TextLines.Count(lines.Length)}):\n{TextLines.Numbered(lines, first, last)}";
    }

    public async Task<string> CreateAsync(string path, string text, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new ToolException($"{workspace.Display(path)} is a directory.");
        }

        var existed = File.Exists(path);
        WorkspaceQuota.Check(workspace, path, Utf8.GetByteCount(text), maxWorkspaceBytes);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await WriteAsync(path, text, create: true, cancellationToken);
        return $"{(existed ? "Overwrote" : "Created")} {workspace.Display(path)} ({TextLines.Count(TextLines.Split(text).Length)}).";
    }

    public async Task<string> ReplaceAsync(string path, string oldText, string newText, CancellationToken cancellationToken)
    {
        if (oldText.Length == 0)
        {
            throw new ToolException("old_str must not be empty.");
        }

        var content = await ReadAsync(path, cancellationToken);
        var at = TextLines.Occurrences(content, oldText);
        if (at.Count != 1)
        {
            throw new ToolException(at.Count == 0
                ? $"old_str was not found in {workspace.Display(path)}; it must match exactly, including whitespace and indentation."
                : $"old_str occurs {at.Count} times in {workspace.Display(path)} (lines {string.Join(", ", at.Select(i => TextLines.LineAt(content, i)))}); " +
                  "include more of the surrounding text so that it occurs exactly once.");
        }

        var updated = string.Concat(content.AsSpan(0, at[0]), newText, content.AsSpan(at[0] + oldText.Length));
        await WriteAsync(path, updated, create: false, cancellationToken);
        var line = TextLines.LineAt(updated, at[0]);
        return Edited(path, updated, line, line + TextLines.Split(newText).Length - 1);
    }

    public async Task<string> InsertAsync(string path, int afterLine, string text, CancellationToken cancellationToken)
    {
        var content = await ReadAsync(path, cancellationToken);
        var lines = TextLines.Split(content).ToList();
        if (afterLine < 0 || afterLine > lines.Count)
        {
            throw new ToolException($"insert_line must be between 0 and {lines.Count}, the file's line count.");
        }

        var inserted = TextLines.Split(text.Length == 0 ? "\n" : text);
        lines.InsertRange(afterLine, inserted);
        var updated = string.Join('\n', lines) + (content.Length == 0 || content.EndsWith('\n') ? "\n" : "");
        await WriteAsync(path, updated, create: false, cancellationToken);
        return Edited(path, updated, afterLine + 1, afterLine + inserted.Length);
    }

    private string Edited(string path, string content, int firstChanged, int lastChanged)
    {
        var lines = TextLines.Split(content);
        var first = Math.Max(1, firstChanged - SnippetLines);
        var last = Math.Min(lines.Length, Math.Max(firstChanged, lastChanged) + SnippetLines);
        return $"Edited {workspace.Display(path)}. Lines {first}-{last} now read:\n{TextLines.Numbered(lines, first, last)}";
    }

    private async Task WriteAsync(string path, string text, bool create, CancellationToken cancellationToken)
    {
        var bytes = Utf8.GetBytes(text);
        if (!create)
        {
            WorkspaceQuota.Check(workspace, path, bytes.Length, maxWorkspaceBytes);
        }

        await using var stream = WorkspaceFile.OpenWrite(workspace, path, create);
        await stream.WriteAsync(bytes, cancellationToken);
    }

    private async Task<string> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = WorkspaceFile.OpenRead(workspace, path);
        if (stream.Length > MaxFileBytes)
        {
            throw new ToolException($"{workspace.Display(path)} has {stream.Length:N0} bytes; the editor handles files up to {MaxFileBytes:N0}.");
        }

        var bytes = new byte[stream.Length];
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        return bytes.AsSpan().Contains((byte)0)
            ? throw new ToolException($"{workspace.Display(path)} is a binary file.")
            : Utf8.GetString(bytes);
    }
}
