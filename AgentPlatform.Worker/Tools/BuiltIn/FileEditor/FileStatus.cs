namespace AgentPlatform.Worker.Tools.BuiltIn.FileEditor;

/// <summary>A file's type, link count, owner, permission bits and size, as statx reports them.</summary>
internal readonly record struct FileStatus(FileKind Kind, uint LinkCount, uint OwnerId, UnixFileMode Mode, long Size);
