namespace AgentPlatform.Worker.Tools.BuiltIn.FileEditor;

/// <summary>The file type bits of a Unix mode (S_IFMT).</summary>
internal enum FileKind
{
    Fifo = 0x1000,
    CharacterDevice = 0x2000,
    Directory = 0x4000,
    BlockDevice = 0x6000,
    Regular = 0x8000,
    SymbolicLink = 0xA000,
    Socket = 0xC000,
}
