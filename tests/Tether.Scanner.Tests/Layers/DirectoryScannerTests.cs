using System.Diagnostics;
using System.Formats.Tar;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Tether.Core.Errors;
using Tether.Scanner.Analyze;
using Tether.Scanner.Cache;
using Tether.Scanner.Layers;
using Tether.Testing;
using Xunit;

namespace Tether.Scanner.Tests.Layers;

/// <summary>A root filesystem on disk scanned as one layer: same analyzers and limits as a tar layer, never leaving the root.</summary>
[SupportedOSPlatform("linux")]
public sealed class DirectoryScannerTests : IDisposable
{
    private const string PackageJson = """{"name":"left-pad","version":"1.3.0","license":"WTFPL"}""";
    private const string Tool = "#!/bin/sh\necho hi\n";
    private readonly TempDirectory _dir = new();
    private Socket? _socket;

    public void Dispose()
    {
        _socket?.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_root_filesystem_is_scanned_without_following_symlinks_or_opening_special_files()
    {
        var root = BuildTree(withSocket: true);

        var scan = await new DirectoryScanner(Analyzers.All).ScanAsync(root).WaitAsync(TimeSpan.FromSeconds(60));
        var entries = scan.Entries.ToDictionary(e => e.Path);

        // Links are entries with their target as written: never followed, so nothing of the host's /etc or of usr/bin appears twice.
        Assert.Equal((LayerEntryKind.Symlink, "../../../../../etc/shadow"), (entries["etc/shadow-link"].Kind, entries["etc/shadow-link"].LinkTarget));
        Assert.Equal((LayerEntryKind.Symlink, "usr/bin"), (entries["bin"].Kind, entries["bin"].LinkTarget));
        Assert.Equal((LayerEntryKind.Symlink, "/usr/lib"), (entries["lib64"].Kind, entries["lib64"].LinkTarget));
        Assert.Equal(LayerEntryKind.Symlink, entries["loop/a"].Kind);
        Assert.DoesNotContain(scan.Entries, e => e.Path.StartsWith("bin/", StringComparison.Ordinal) || e.Path.StartsWith("lib64/", StringComparison.Ordinal));
        Assert.DoesNotContain("etc/shadow", entries.Keys);

        // A FIFO and a socket are recorded, never opened (opening the FIFO would block the scan forever).
        Assert.Equal((LayerEntryKind.Special, 0L), (entries["run/fifo"].Kind, entries["run/fifo"].Size));
        Assert.Equal(LayerEntryKind.Special, entries["run/socket"].Kind);

        // Executables are hashed (an empty file is not read at all, as in a layer); other files are not.
        Assert.Equal(Sha256(Encoding.UTF8.GetBytes(Tool)), entries["usr/bin/tool"].Sha256);
        Assert.Equal(0b111_101_101, entries["usr/bin/tool"].Mode);
        Assert.Equal((LayerEntryKind.File, 0L, null), (entries["usr/bin/empty"].Kind, entries["usr/bin/empty"].Size, entries["usr/bin/empty"].Sha256));
        Assert.Null(entries["var/lib/dpkg/status"].Sha256);

        // Packages from the real dpkg status (90 installed, see the dpkg analyzer's tests) and node_modules.
        Assert.Equal(90, scan.Packages.Count(p => p.Type == "deb"));
        Assert.Contains(scan.Packages, p => (p.Type, p.Name, p.Version, p.Path) == ("deb", "bsdutils", "2.31.1-0.4ubuntu3.1", "var/lib/dpkg/status"));
        var leftPad = Assert.Single(scan.Packages, p => p.Type == "npm" && p.Name == "left-pad");
        Assert.Equal(("1.3.0", "app/node_modules/left-pad/package.json"), (leftPad.Version, leftPad.Path));

        // The unreadable file: unprivileged, the scan warns and goes on; as root (CI containers) the kernel lets it be read.
        if (Environment.IsPrivilegedProcess)
        {
            Assert.Contains(scan.Packages, p => p.Name == "locked");
        }
        else
        {
            Assert.DoesNotContain(scan.Packages, p => p.Name == "locked");
            Assert.Contains(scan.Warnings, w => w.StartsWith("app/node_modules/locked/package.json: cannot be opened", StringComparison.Ordinal));
        }

        // One layer for the merge: the os-release symlink resolves inside the root, packages sit on layer 0.
        var filesystem = ImageFilesystem.Merge([scan]);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(root, "usr", "lib", "os-release")), filesystem.MetadataFiles["etc/os-release"]);
        Assert.All(filesystem.Packages, p => Assert.Equal((0, 0), (p.IntroducedIn, p.FoundIn)));
    }

    [Fact]
    public async Task The_scan_id_is_a_synthetic_listing_id_that_no_layer_cache_accepts()
    {
        var root = BuildTree(withSocket: false);
        var scanner = new DirectoryScanner([new TestLayers.ListAnalyzer()]);

        var first = await scanner.ScanAsync(root);
        var second = await scanner.ScanAsync(root);
        await File.AppendAllTextAsync(Path.Combine(root, "etc", "motd"), "!");
        var changed = await scanner.ScanAsync(root);

        Assert.StartsWith("dir:sha256:", first.DiffId, StringComparison.Ordinal);
        Assert.Equal(75, first.DiffId.Length);
        Assert.True(DirectoryScanner.IsDirectoryId(first.DiffId));
        Assert.False(DirectoryScanner.IsDirectoryId("sha256:" + new string('0', 64)));
        Assert.Equal(first.DiffId, second.DiffId);
        Assert.NotEqual(first.DiffId, changed.DiffId);
        Assert.Null(first.BlobDigest);

        var cache = new LayerCache(_dir.File("cache"), ["test-list"]);
        await Assert.ThrowsAsync<ArgumentException>(() => cache.PutAsync(first, default));
        Assert.Null(await cache.GetAsync(first.DiffId, default));
    }

    [Fact]
    public async Task A_directory_and_a_tar_of_it_scan_to_the_same_entries_hashes_and_packages()
    {
        var root = BuildTree(withSocket: false);
        using var tar = new MemoryStream();
        await TarFile.CreateFromDirectoryAsync(root, tar, includeBaseDirectory: false);
        tar.Position = 0;

        var fromDirectory = await new DirectoryScanner(Analyzers.All).ScanAsync(root);
        var fromTar = await new LayerScanner(Analyzers.All).ScanAsync(tar, "tar of the tree");

        Assert.Equal(
            fromTar.Entries.Select(e => (e.Path, e.Kind, e.Size, e.Mode, e.LinkTarget, e.Sha256)).Order(),
            fromDirectory.Entries.Select(e => (e.Path, e.Kind, e.Size, e.Mode, e.LinkTarget, e.Sha256)).Order());
        Assert.Equal(
            fromTar.Packages.Select(p => (p.Type, p.Name, p.Version, p.Path)).Order(),
            fromDirectory.Packages.Select(p => (p.Type, p.Name, p.Version, p.Path)).Order());
        Assert.Equal(fromTar.KeptFiles.Keys.Order(), fromDirectory.KeptFiles.Keys.Order());
    }

    [Fact]
    public async Task Devices_are_special_entries_and_mounted_filesystems_are_not_entered()
    {
        // /dev holds character and block devices, symlinks into /proc, and other filesystems mounted on it (devpts, shm).
        var mounted = Directory.GetDirectories("/dev")
            .Where(d => UnixFileStatus.Of(d, out _) is { Type: UnixFileType.Directory } s && s.Device != UnixFileStatus.Of("/dev", out _)!.Value.Device)
            .Select(Path.GetFileName)
            .ToList();
        Assert.NotEmpty(mounted);

        var scan = await new DirectoryScanner(Analyzers.All).ScanAsync("/dev").WaitAsync(TimeSpan.FromSeconds(60));

        var entries = scan.Entries.ToDictionary(e => e.Path);
        Assert.Equal(LayerEntryKind.Special, entries["null"].Kind);
        Assert.Equal(LayerEntryKind.Special, entries["zero"].Kind);
        foreach (var mount in mounted)
        {
            Assert.Equal(LayerEntryKind.Directory, entries[mount!].Kind);
            Assert.DoesNotContain(scan.Entries, e => e.Path.StartsWith(mount + "/", StringComparison.Ordinal));
            Assert.Contains($"{mount}: another filesystem is mounted here; not entered", scan.Warnings);
        }
    }

    [Fact]
    public async Task The_layer_limits_apply_to_a_directory_too()
    {
        var root = BuildTree(withSocket: false);
        await File.WriteAllTextAsync(Path.Combine(root, "var", "lib", "test", "pkgs"), string.Concat(Enumerable.Range(0, 200).Select(i => $"pkg{i} 1.0\n")));

        var tooMany = await Assert.ThrowsAsync<InputException>(() => new DirectoryScanner([], new ScannerLimits { MaxEntries = 5 }).ScanAsync(root));
        Assert.Equal($"{root}: more than 5 entries", tooMany.Message);

        var scan = await new DirectoryScanner([new TestLayers.ListAnalyzer()], new ScannerLimits { MaxPathLength = 20 }).ScanAsync(root);
        Assert.Contains("path of 25 characters skipped", scan.Warnings); // app/node_modules/left-pad, and nothing under it
        Assert.DoesNotContain(scan.Entries, e => e.Path.StartsWith("app/node_modules/", StringComparison.Ordinal));
        Assert.Contains("var/lib/test/pkgs: 2,090 bytes is over the test-list analyzer's 1,024-byte limit; not analyzed", scan.Warnings);
        Assert.Empty(scan.Packages);

        var notDirectory = await Assert.ThrowsAsync<InputException>(() => new DirectoryScanner([]).ScanAsync(Path.Combine(root, "etc", "motd")));
        Assert.Contains("is not a directory", notDirectory.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_root_named_through_a_symlink_is_scanned_as_the_directory_it_names()
    {
        var root = BuildTree(withSocket: false);
        var link = _dir.File("rootfs-link");
        File.CreateSymbolicLink(link, root);

        var direct = await new DirectoryScanner([]).ScanAsync(root);
        var viaLink = await new DirectoryScanner([]).ScanAsync(link);

        Assert.Equal(direct.DiffId, viaLink.DiffId);
        Assert.Contains(viaLink.Entries, e => e.Path == "usr/bin/tool");
    }

    /// <summary>A small root filesystem with the awkward things real ones have.</summary>
    private string BuildTree(bool withSocket)
    {
        var root = _dir.File("rootfs");
        Directory.CreateDirectory(root);
        Write(root, "usr/lib/os-release", "NAME=\"Ubuntu\"\nID=ubuntu\nVERSION_ID=\"18.04\"\n");
        Write(root, "etc/motd", "hello");
        File.CreateSymbolicLink(Path.Combine(root, "etc", "os-release"), "../usr/lib/os-release");
        File.CreateSymbolicLink(Path.Combine(root, "etc", "shadow-link"), "../../../../../etc/shadow");
        Write(root, "var/lib/dpkg/status", File.ReadAllText(TestData.Shared("pkgdb", "dpkg", "var", "lib", "dpkg", "status")));
        Write(root, "var/lib/test/pkgs", "a 1.0\n");
        Write(root, "app/node_modules/left-pad/package.json", PackageJson);
        Write(root, "app/node_modules/locked/package.json", """{"name":"locked","version":"1.0.0"}""");
        File.SetUnixFileMode(Path.Combine(root, "app/node_modules/locked/package.json"), UnixFileMode.None);
        Write(root, "usr/bin/tool", Tool);
        File.SetUnixFileMode(Path.Combine(root, "usr/bin/tool"), (UnixFileMode)0b111_101_101);
        Write(root, "usr/bin/empty", "");
        File.SetUnixFileMode(Path.Combine(root, "usr/bin/empty"), (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(Path.Combine(root, "bin"), "usr/bin");
        File.CreateSymbolicLink(Path.Combine(root, "lib64"), "/usr/lib");
        Directory.CreateDirectory(Path.Combine(root, "loop"));
        File.CreateSymbolicLink(Path.Combine(root, "loop", "a"), "b");
        File.CreateSymbolicLink(Path.Combine(root, "loop", "b"), "a");
        Directory.CreateDirectory(Path.Combine(root, "run"));
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(root, "run", "fifo")]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        if (withSocket)
        {
            // Kept open until the test ends: disposing a bound socket deletes its file.
            _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            _socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(root, "run", "socket")));
        }

        return root;
    }

    private static void Write(string root, string path, string content)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    private static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
