using System.Diagnostics;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Tether.Core.Errors;
using Tether.Scanner.Layers;
using Tether.Testing;
using Xunit;
using static Tether.Scanner.Tests.Layers.TestLayers;

namespace Tether.Scanner.Tests.Layers;

public sealed class LayerScannerTests
{
    private static readonly LayerScanner Scanner = new([new ListAnalyzer()]);

    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public async Task A_layer_is_read_once_whatever_its_compression_with_its_diff_id_and_blob_digest(string compression)
    {
        var tar = Tar(Dir("usr/"), Dir("usr/bin/"), File("usr/bin/tool", "#!/bin/sh\necho hi\n", (UnixFileMode)0b111_101_101), File("etc/motd", "hello"), File("var/lib/test/pkgs", "a 1.0\nb 2.0\n"));
        var blob = compression switch { "gzip" => Gzip(tar), "zstd" => Zstd(tar), _ => tar };

        var scan = await Scanner.ScanAsync(new MemoryStream(blob), "layer");

        Assert.Equal(compression, scan.Compression);
        Assert.Equal(Digest(tar), scan.DiffId);
        Assert.Equal(Digest(blob), scan.BlobDigest);
        Assert.Equal(tar.Length, scan.UncompressedBytes);
        Assert.Equal(["usr", "usr/bin", "usr/bin/tool", "etc/motd", "var/lib/test/pkgs"], scan.Entries.Select(e => e.Path));
        var tool = scan.Entries.Single(e => e.Path == "usr/bin/tool");
        Assert.True(tool.IsExecutable);
        Assert.Equal(Digest(Encoding.UTF8.GetBytes("#!/bin/sh\necho hi\n")), tool.Sha256);
        Assert.Null(scan.Entries.Single(e => e.Path == "etc/motd").Sha256);
        Assert.Equal([("a", "1.0"), ("b", "2.0")], scan.Packages.Select(p => (p.Name, p.Version)));
        Assert.All(scan.Packages, p => Assert.Equal("var/lib/test/pkgs", p.Path));
        Assert.Empty(scan.Warnings);
    }

    [Fact]
    public async Task A_layer_made_by_GNU_tar_and_gzip_has_the_diff_id_sha256sum_computes()
    {
        using var dir = new TempDirectory();
        var root = Directory.CreateDirectory(dir.File("root")).FullName;
        Directory.CreateDirectory(Path.Combine(root, "var/lib/test"));
        await System.IO.File.WriteAllTextAsync(Path.Combine(root, "var/lib/test/pkgs"), "zlib 1.3\n");
        await System.IO.File.WriteAllTextAsync(Path.Combine(root, ".wh.removed"), "");
        var tar = dir.File("layer.tar");
        await RunAsync("tar", "--sort=name", "-C", root, "-cf", tar, ".");
        await RunAsync("gzip", "-k", "-n", tar);

        var scan = await Scanner.ScanAsync(System.IO.File.OpenRead(tar + ".gz"), "layer.tar.gz");

        Assert.Equal(Digest(await System.IO.File.ReadAllBytesAsync(tar)), scan.DiffId);
        Assert.Equal(Digest(await System.IO.File.ReadAllBytesAsync(tar + ".gz")), scan.BlobDigest);
        Assert.Equal(["removed"], scan.Whiteouts);
        Assert.Equal(("zlib", "1.3"), (scan.Packages.Single().Name, scan.Packages.Single().Version));
        Assert.DoesNotContain(scan.Entries, e => e.Path.Contains(".wh.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Whiteouts_and_opaque_markers_are_recorded_not_listed_as_files()
    {
        var scan = await Scanner.ScanAsync(new MemoryStream(Tar(File("etc/.wh.passwd", ""), File("opt/app/.wh..wh..opq", ""), File(".wh.tmp", ""), File("opt/app/new", "x"))), "layer");

        Assert.Equal(["etc/passwd", "tmp"], scan.Whiteouts);
        Assert.Equal(["opt/app"], scan.OpaqueDirectories);
        Assert.Equal(["opt/app/new"], scan.Entries.Select(e => e.Path));
    }

    [Fact]
    public async Task Names_climbing_out_of_the_root_are_skipped_with_a_warning_and_absolute_names_stay_inside()
    {
        var scan = await Scanner.ScanAsync(new MemoryStream(Tar(
            File("../../etc/cron.d/evil", "x"), File("/etc/passwd", "root"), File("a/../../b", "x"), File("./ok", "x"),
            Link("etc/shadow-link", "../../../../etc/shadow"), ("dev/null", TarEntryType.CharacterDevice, null, null, (UnixFileMode)0b110_110_110))), "layer");

        Assert.Equal(["etc/passwd", "ok", "etc/shadow-link", "dev/null"], scan.Entries.Select(e => e.Path));
        Assert.Equal(LayerEntryKind.Special, scan.Entries.Single(e => e.Path == "dev/null").Kind);
        Assert.Equal("../../../../etc/shadow", scan.Entries.Single(e => e.Path == "etc/shadow-link").LinkTarget);
        Assert.Equal(2, scan.Warnings.Count(w => w.Contains("points outside the image root", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_decompression_bomb_stops_at_the_layer_budget()
    {
        var bomb = Gzip(Tar(File("zeros", new string('\0', 4 * 1024 * 1024))));
        Assert.True(bomb.Length < 64 * 1024);
        var scanner = new LayerScanner([], new ScannerLimits { MaxLayerBytes = 1024 * 1024 });

        var error = await Assert.ThrowsAsync<InputException>(() => scanner.ScanAsync(new MemoryStream(bomb), "bomb.tar.gz"));

        Assert.Contains("bomb.tar.gz", error.Message, StringComparison.Ordinal);
        Assert.Contains("exceeds 1,048,576 bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("corrupt-gzip")]
    [InlineData("truncated-gzip")]
    [InlineData("truncated-tar")]
    [InlineData("garbage")]
    public async Task Corrupt_or_truncated_layers_are_clear_errors(string kind)
    {
        var tar = Tar(File("etc/motd", new string('x', 5000)), File("var/lib/test/pkgs", "a 1\n"));
        var gzip = Gzip(tar);
        var blob = kind switch
        {
            "corrupt-gzip" => [.. gzip.Take(20), .. Enumerable.Repeat((byte)0x55, 200), .. gzip.Skip(220)],
            "truncated-gzip" => gzip[..(gzip.Length / 2)],
            "truncated-tar" => tar[..700],
            _ => RandomNumberGenerator.GetBytes(4096),
        };

        var error = await Assert.ThrowsAsync<InputException>(() => Scanner.ScanAsync(new MemoryStream(blob), "bad-layer"));

        Assert.StartsWith("bad-layer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_analyzer_failing_on_one_file_is_a_warning_and_the_walk_goes_on()
    {
        var scan = await Scanner.ScanAsync(new MemoryStream(Tar(File("var/lib/test/pkgs", "only-a-name\n"), File("etc/motd", "x"))), "layer");

        Assert.Empty(scan.Packages);
        Assert.Equal(["var/lib/test/pkgs", "etc/motd"], scan.Entries.Select(e => e.Path));
        Assert.Contains(scan.Warnings, w => w.StartsWith("test-list: var/lib/test/pkgs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Files_over_an_analyzers_limit_are_listed_but_not_analyzed()
    {
        var scan = await Scanner.ScanAsync(new MemoryStream(Tar(File("var/lib/test/pkgs", new string('a', 2048)))), "layer");

        Assert.Empty(scan.Packages);
        Assert.Single(scan.Entries);
        Assert.Contains(scan.Warnings, w => w.Contains("over the test-list analyzer's 1,024-byte limit", StringComparison.Ordinal));
    }

    private static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} failed: {error}");
    }
}
