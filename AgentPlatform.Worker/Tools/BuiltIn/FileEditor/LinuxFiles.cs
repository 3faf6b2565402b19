using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AgentPlatform.Worker.Tools.BuiltIn.FileEditor;

/// <summary>
/// The few Linux calls .NET does not offer: open with O_NOFOLLOW and O_NONBLOCK, the file's type, link count and owner
/// (lstat and fstat, through statx), and the effective user id. Written by hand rather than taken from Mono.Unix
/// (a 2021 prerelease with its own native library) or Tmds.LibC (unmaintained since 2020): four calls, and statx's
/// layout is the same on every Linux architecture, unlike struct stat's.
/// </summary>
internal static class LinuxFiles
{
    public const int ELOOP = 40;
    public const int ENXIO = 6;

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxSize = 256;

    private const int OWriteOnly = 0x1;
    private const int OCreate = 0x40;
    private const int ONonBlock = 0x800;
    private const int OCloseOnExec = 0x80000;

    // O_NOFOLLOW is 0400000 on x86 and 0100000 on the generic (arm, arm64, riscv) Linux ABI.
    private static readonly int ONoFollow =
        RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 ? 0x8000 : 0x20000;

    /// <summary>
    /// Opens <paramref name="path"/> without following a symbolic link in its last component and without waiting (a
    /// FIFO with no writer opens at once, one with no reader fails with ENXIO); the errno on failure.
    /// </summary>
    public static (SafeFileHandle? Handle, int Errno) Open(string path, bool write, bool create)
    {
        var flags = ONoFollow | ONonBlock | OCloseOnExec | (write ? OWriteOnly : 0) | (create ? OCreate : 0);
        var fd = open(path, flags, 0b110_000_000);
        return fd < 0 ? (null, Marshal.GetLastPInvokeError()) : (new SafeFileHandle(fd, ownsHandle: true), 0);
    }

    /// <summary>What the path itself is (a symbolic link is described, not followed); null when it does not exist.</summary>
    public static FileStatus? StatusOf(string path)
    {
        var buffer = new byte[StatxSize];
        return statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) == 0 ? Parse(buffer) : null;
    }

    /// <summary>What an open handle is.</summary>
    public static FileStatus StatusOf(SafeFileHandle handle)
    {
        var buffer = new byte[StatxSize];
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return statx((int)handle.DangerousGetHandle(), "", AtEmptyPath, StatxBasicStats, buffer) == 0
                ? Parse(buffer)
                : throw new IOException($"fstat failed (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    public static uint EffectiveUserId => geteuid();

    private static FileStatus Parse(ReadOnlySpan<byte> statx) => new(
        (FileKind)(BinaryPrimitives.ReadUInt16LittleEndian(statx[28..]) & 0xF000),
        BinaryPrimitives.ReadUInt32LittleEndian(statx[16..]),
        BinaryPrimitives.ReadUInt32LittleEndian(statx[20..]),
        (UnixFileMode)(BinaryPrimitives.ReadUInt16LittleEndian(statx[28..]) & 0xFFF),
        (long)BinaryPrimitives.ReadUInt64LittleEndian(statx[40..]));

    // DllImport rather than LibraryImport: the generator needs unsafe code for the array, and these are not hot paths.
    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mode);

    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);

    [DllImport("libc")]
    private static extern uint geteuid();
}
