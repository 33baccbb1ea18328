using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Tether.Scanner.Layers;

public enum UnixFileType
{
    Regular,
    Directory,
    Symlink,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Socket,
    Unknown,
}

/// <summary>What <c>lstat</c> says about a path: its type (a symlink is never followed), permission bits, size and identity.</summary>
internal readonly record struct FileStatus(UnixFileType Type, int Mode, long Size, ulong Inode, ulong Device);

/// <summary>
/// <c>lstat</c> for the directory walker. .NET's file APIs cannot tell a FIFO, socket or device from a regular file, and
/// opening a FIFO blocks forever, so on Linux the walker asks the kernel with <c>statx(2)</c> — whose <c>struct statx</c>
/// has one layout on every architecture, unlike <c>struct stat</c> — and on other systems falls back to what .NET
/// reports (special files then look like empty regular files, which the walker never opens).
/// </summary>
internal static class UnixFileStatus
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;

    private static readonly bool UseStatx = OperatingSystem.IsLinux();

    /// <summary>The status of <paramref name="path"/> itself (a symlink is described, not followed); null with the reason when it cannot be read.</summary>
    public static FileStatus? Of(string path, out string? error)
    {
        error = null;
        if (!UseStatx)
        {
            return Fallback(path, out error);
        }

        var name = Encoding.UTF8.GetBytes(path + "\0");
        if (NativeMethods.statx(AtFdCwd, name, AtSymlinkNoFollow, StatxBasicStats, out var buffer) != 0)
        {
            error = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
            return null;
        }

        return From(buffer);
    }

    /// <summary>The status of an open file (to check it is still the file that was listed); null where the platform cannot say.</summary>
    public static FileStatus? Of(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!UseStatx)
        {
            return null;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            return NativeMethods.statx(fd, [0], AtEmptyPath | AtSymlinkNoFollow, StatxBasicStats, out var buffer) == 0 ? From(buffer) : null;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static FileStatus From(in NativeMethods.Statx buffer)
    {
        var type = (buffer.Mode & 0xF000) switch
        {
            0x8000 => UnixFileType.Regular,
            0x4000 => UnixFileType.Directory,
            0xA000 => UnixFileType.Symlink,
            0x2000 => UnixFileType.CharacterDevice,
            0x6000 => UnixFileType.BlockDevice,
            0x1000 => UnixFileType.Fifo,
            0xC000 => UnixFileType.Socket,
            _ => UnixFileType.Unknown,
        };
        return new FileStatus(type, buffer.Mode & 0xFFF, (long)Math.Min(buffer.Size, long.MaxValue), buffer.Inode, ((ulong)buffer.DeviceMajor << 32) | buffer.DeviceMinor);
    }

    private static FileStatus? Fallback(string path, out string? error)
    {
        error = null;
        try
        {
            FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
            if (!info.Exists && info.LinkTarget is null)
            {
                error = "no such file";
                return null;
            }

            var mode = OperatingSystem.IsWindows() ? 0b110_100_100 : (int)info.UnixFileMode;
            return info.LinkTarget is not null ? new FileStatus(UnixFileType.Symlink, mode, 0, 0, 0)
                : info is DirectoryInfo ? new FileStatus(UnixFileType.Directory, mode, 0, 0, 0)
                : new FileStatus(UnixFileType.Regular, mode, ((FileInfo)info).Length, 0, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e.Message;
            return null;
        }
    }

    private static class NativeMethods
    {
        /// <summary>The leading fields of the kernel's <c>struct statx</c> (include/uapi/linux/stat.h); the rest is spare room.</summary>
        [StructLayout(LayoutKind.Explicit, Size = 256)]
        public struct Statx
        {
            [FieldOffset(28)]
            public ushort Mode;

            [FieldOffset(32)]
            public ulong Inode;

            [FieldOffset(40)]
            public ulong Size;

            [FieldOffset(136)]
            public uint DeviceMajor;

            [FieldOffset(140)]
            public uint DeviceMinor;
        }

        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int statx(int dirfd, byte[] pathname, int flags, uint mask, out Statx statxbuf);
    }
}
