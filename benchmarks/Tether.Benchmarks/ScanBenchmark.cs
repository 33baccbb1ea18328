using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tether.Registry.Client.Layout;
using Tether.Scanner.Analyze;
using Tether.Scanner.Cache;
using Tether.Scanner.Collect;
using Tether.Scanner.Layers;
using Tether.Scanner.Scan;

namespace Tether.Benchmarks;

/// <summary>
/// <c>scan [MB]</c>: writes an OCI layout of an image of about MB megabytes uncompressed (default 1024) in 8 gzip layers
/// (text and binary files, executables, a dpkg database, node_modules), then compares, layer by layer in the same run,
/// the scanner's read of each layer with <c>gzip -dc &gt; /dev/null</c> of the same blob, and times a whole-image scan
/// with an empty layer cache and again with the cache warm. Prints throughput, the ratio, and peak memory.
/// </summary>
public static class ScanBenchmark
{
    private const int Layers = 8;

    public static async Task RunAsync(int megabytes, string directory)
    {
        var layout = Path.Combine(directory, $"scan-{megabytes}mb");
        if (!File.Exists(Path.Combine(layout, "index.json")))
        {
            var generate = Stopwatch.StartNew();
            await WriteLayoutAsync(layout, megabytes * 1024L * 1024);
            Console.WriteLine($"generated {layout} in {generate.Elapsed.TotalSeconds:0.0} s");
        }

        var source = new OciLayoutSource(layout, "bench.local", "scan");
        var image = await ImageFetcher.FetchAsync(source, "scan", "bench", null, default);
        var blobs = image.Manifest.Layers.Select(l => Path.Combine(layout, "blobs", "sha256", l.Digest[7..])).ToList();
        var compressed = blobs.Sum(b => new FileInfo(b).Length);

        // Same run, same blobs: the reference first (warms the page cache for both), then the scanner.
        double gzipSeconds = 0, scanSeconds = 0;
        long uncompressed = 0;
        var scanner = new LayerScanner(Analyzers.All);
        var before = Environment.WorkingSet;
        foreach (var blob in blobs)
        {
            gzipSeconds += await GzipAsync(blob);
            var watch = Stopwatch.StartNew();
            await using var stream = File.OpenRead(blob);
            var scan = await scanner.ScanAsync(stream, blob);
            scanSeconds += watch.Elapsed.TotalSeconds;
            uncompressed += scan.UncompressedBytes;
        }

        var mb = uncompressed / 1024.0 / 1024.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"layers: {blobs.Count}, {mb:0} MB uncompressed, {compressed / 1024.0 / 1024.0:0} MB gzip"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gzip -dc > /dev/null: {gzipSeconds:0.00} s ({mb / gzipSeconds:0} MB/s); tether layer scan: {scanSeconds:0.00} s ({mb / scanSeconds:0} MB/s); " +
            $"scanner at {100 * gzipSeconds / scanSeconds:0}% of gzip's throughput"));

        var cacheRoot = Path.Combine(directory, "scan-cache");
        if (Directory.Exists(cacheRoot))
        {
            Directory.Delete(cacheRoot, recursive: true);
        }

        var imageScanner = new ImageScanner(Analyzers.All, new LayerCache(cacheRoot, Analyzers.All.Select(a => a.Name)));
        var cold = Stopwatch.StartNew();
        var first = await imageScanner.ScanAsync(source, image);
        var coldSeconds = cold.Elapsed.TotalSeconds;
        var warm = Stopwatch.StartNew();
        var second = await imageScanner.ScanAsync(source, image);
        var warmSeconds = warm.Elapsed.TotalSeconds;

        // Again: the first cached scan in a process also pays for compiling the cache reader.
        warm.Restart();
        await imageScanner.ScanAsync(source, image);
        var againSeconds = warm.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"image scan (3 layers at a time): cold {coldSeconds:0.00} s, {first.Filesystem.Packages.Count} packages, {first.Filesystem.Entries.Count} files; " +
            $"cached {warmSeconds:0.000} s ({100 * warmSeconds / coldSeconds:0.0}% of cold, {second.Layers.Count(l => l.FromCache)} of {second.Layers.Count} layers from cache), " +
            $"again {againSeconds:0.000} s ({100 * againSeconds / coldSeconds:0.0}%)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:0} MB (at start of scanning {before / 1024.0 / 1024.0:0} MB)"));
    }

    private static async Task<double> GzipAsync(string blob)
    {
        var start = new ProcessStartInfo("sh") { ArgumentList = { "-c", "gzip -dc \"$0\" > /dev/null", blob } };
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? watch.Elapsed.TotalSeconds : throw new InvalidOperationException($"gzip -dc {blob} failed");
    }

    /// <summary>An OCI layout: each layer a gzip tar (default level, as docker and buildkit write them), config with diff ids and history.</summary>
    private static async Task WriteLayoutAsync(string layout, long totalBytes)
    {
        var blobs = Path.Combine(layout, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        var random = new Random(42);
        var layers = new List<(string Digest, long Size, string DiffId)>();
        for (var i = 0; i < Layers; i++)
        {
            var temporary = Path.Combine(layout, "layer.tmp");
            using var diff = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = File.Create(temporary))
            await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
            await using (var hashing = new HashingWriteStream(gzip, diff))
            await using (var tar = new TarWriter(hashing, TarEntryFormat.Pax, leaveOpen: true))
            {
                WriteLayer(tar, i, totalBytes / Layers, random);
            }

            var bytes = await File.ReadAllBytesAsync(temporary);
            var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
            File.Move(temporary, Path.Combine(blobs, digest), overwrite: true);
            layers.Add(("sha256:" + digest, bytes.Length, "sha256:" + Convert.ToHexStringLower(diff.GetHashAndReset())));
        }

        var config = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["rootfs"] = new { type = "layers", diff_ids = layers.Select(l => l.DiffId) },
            ["history"] = layers.Select((_, i) => new { created_by = $"RUN step {i}" }),
        });
        var configDigest = Write(blobs, config);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = configDigest, size = config.Length },
            ["layers"] = layers.Select(l => new { mediaType = "application/vnd.oci.image.layer.v1.tar+gzip", digest = l.Digest, size = l.Size }),
        });
        var manifestDigest = Write(blobs, manifest);
        await File.WriteAllTextAsync(Path.Combine(layout, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        await File.WriteAllBytesAsync(Path.Combine(layout, "index.json"), JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["schemaVersion"] = 2,
            ["manifests"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["mediaType"] = "application/vnd.oci.image.manifest.v1+json", ["digest"] = manifestDigest, ["size"] = manifest.Length,
                    ["annotations"] = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = "bench" },
                },
            },
        }));
    }

    /// <summary>Files shaped like an image's: many small text files, some large binaries (a third incompressible), executables, package metadata.</summary>
    private static void WriteLayer(TarWriter tar, int layer, long bytes, Random random)
    {
        if (layer == 0)
        {
            var status = new StringBuilder();
            for (var p = 0; p < 400; p++)
            {
                status.Append(CultureInfo.InvariantCulture, $"Package: pkg{p}\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.{p}-1\nSource: src{p % 50}\n\n");
            }

            Add(tar, "var/lib/dpkg/status", Encoding.UTF8.GetBytes(status.ToString()), executable: false);
            Add(tar, "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"u8.ToArray(), executable: false);
        }

        var words = Enumerable.Range(0, 2000).Select(i => Convert.ToHexStringLower(BitConverter.GetBytes(i * 2654435761u))).ToArray();
        long written = 0;
        for (var f = 0; written < bytes; f++)
        {
            byte[] content;
            var executable = false;
            if (f % 50 == 0)
            {
                // A large binary: one third random, the rest repetitive machine-code-like bytes.
                content = new byte[Math.Min(8 * 1024 * 1024, bytes - written)];
                random.NextBytes(content.AsSpan(0, content.Length / 3));
                for (var b = content.Length / 3; b < content.Length; b++)
                {
                    content[b] = (byte)(b * 31 % 251);
                }

                executable = true;
            }
            else if (f % 10 == 0)
            {
                content = Encoding.UTF8.GetBytes($"{{\"name\":\"mod{layer}-{f}\",\"version\":\"1.0.{f}\",\"license\":\"MIT\"}}");
                Add(tar, $"app/node_modules/mod{layer}-{f}/package.json", content, false);
                written += content.Length;
                continue;
            }
            else
            {
                var text = new StringBuilder();
                var size = random.Next(2_000, 60_000);
                while (text.Length < size)
                {
                    text.Append(words[random.Next(words.Length)]).Append(random.Next(8) == 0 ? '\n' : ' ');
                }

                content = Encoding.UTF8.GetBytes(text.ToString());
            }

            Add(tar, $"usr/share/layer{layer}/dir{f % 97}/file{f}{(executable ? "" : ".txt")}", content, executable);
            written += content.Length;
        }
    }

    private static void Add(TarWriter tar, string name, byte[] content, bool executable)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = executable ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100,
            DataStream = new MemoryStream(content),
        };
        tar.WriteEntry(entry);
    }

    private static string Write(string blobs, byte[] bytes)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
        File.WriteAllBytes(Path.Combine(blobs, digest), bytes);
        return "sha256:" + digest;
    }

    /// <summary>Hashes the uncompressed tar on its way into gzip: the diff id without a second pass.</summary>
    private sealed class HashingWriteStream(Stream inner, IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
