using System.Globalization;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Tools.BuiltIn.FileEditor;

/// <summary>
/// Deletes the workspaces of sessions that ended longer ago than <see cref="FileEditorOptions.KeepWorkspacesFor"/>,
/// and folders of sessions the database does not know that were untouched as long. Running sessions keep theirs,
/// however old. Safe to run on every Worker at once: each deletes what is on its own disk.
/// </summary>
public sealed partial class WorkspaceSweep(
    AgentDbContext db, IOptions<ToolOptions> tools, IOptions<FileEditorOptions> editor, TimeProvider time, ILogger<WorkspaceSweep> logger)
{
    private static readonly SessionStatus[] Ended = [SessionStatus.Completed, SessionStatus.Incomplete, SessionStatus.Failed, SessionStatus.Stopped];

    /// <summary>How many workspaces were deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(tools.Value.WorkspaceRoot);
        if (LinuxFiles.StatusOf(root) is not { Kind: FileKind.Directory })
        {
            return 0;
        }

        var before = time.GetUtcNow() - editor.Value.KeepWorkspacesFor;
        var folders = new DirectoryInfo(root).EnumerateDirectories()
            .Select(d => (Folder: d, Id: Guid.TryParseExact(d.Name, "N", out var id) ? id : (Guid?)null))
            .Where(f => f.Id is not null && f.Folder.LinkTarget is null)
            .ToDictionary(f => f.Id!.Value, f => f.Folder);
        if (folders.Count == 0)
        {
            return 0;
        }

        var ids = folders.Keys.ToList();
        var sessions = await db.Sessions.AsNoTracking().Where(s => ids.Contains(s.Id))
            .Select(s => new { s.Id, s.Status, s.UpdatedAt })
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        var deleted = 0;
        foreach (var (id, folder) in folders)
        {
            var expired = sessions.TryGetValue(id, out var session)
                ? Ended.Contains(session.Status) && session.UpdatedAt < before
                : folder.LastWriteTimeUtc < before.UtcDateTime;
            if (expired)
            {
                folder.Delete(recursive: true);
                deleted++;
            }
        }

        LogSwept(logger, deleted, folders.Count, root);
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workspace sweep deleted {Deleted} of {Workspaces} workspaces under {Root}")]
    private static partial void LogSwept(ILogger logger, int deleted, int workspaces, string root);
}
