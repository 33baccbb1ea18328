using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Tether.Scanner.Analyze;

namespace Tether.Scanner.Tests.Layers;

/// <summary>Builds layer blobs in the tar format containers use, and a minimal package list analyzer for the walker tests.</summary>
internal static class TestLayers
{
    public static byte[] Tar(params (string Name, TarEntryType Type, string? Content, string? Link, UnixFileMode Mode)[] entries)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, type, content, link, mode) in entries)
            {
                var entry = new PaxTarEntry(type, name) { Mode = mode };
                if (link is not null)
                {
                    entry.LinkName = link;
                }

                if (content is not null)
                {
                    entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content));
                }

                writer.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }

    public static (string, TarEntryType, string?, string?, UnixFileMode) File(string name, string content, UnixFileMode mode = (UnixFileMode)0b110_100_100) =>
        (name, TarEntryType.RegularFile, content, null, mode);

    public static (string, TarEntryType, string?, string?, UnixFileMode) Dir(string name) =>
        (name, TarEntryType.Directory, null, null, (UnixFileMode)0b111_101_101);

    public static (string, TarEntryType, string?, string?, UnixFileMode) Link(string name, string target) =>
        (name, TarEntryType.SymbolicLink, null, target, (UnixFileMode)0b111_111_111);

    public static byte[] Gzip(byte[] tar)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(tar);
        }

        return output.ToArray();
    }

    public static byte[] Zstd(byte[] tar)
    {
        using var compressor = new ZstdSharp.Compressor(3);
        return compressor.Wrap(tar).ToArray();
    }

    /// <summary>Reads <c>var/lib/test/pkgs</c>: one <c>name version</c> per line, as a package database would list them.</summary>
    public sealed class ListAnalyzer : IFileAnalyzer
    {
        public string Name => "test-list";
        public long MaxBytes => 1024;
        public bool Wants(string path) => path == "var/lib/test/pkgs";

        public IReadOnlyList<ScannedPackage> Analyze(string path, ReadOnlyMemory<byte> content) =>
        [
            .. Encoding.UTF8.GetString(content.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' '))
                .Select(parts => parts.Length == 2
                    ? new ScannedPackage("generic", parts[0], parts[1]) { Path = path }
                    : throw new Core.Errors.InputException(path, "line", $"'{string.Join(' ', parts)}' is not 'name version'")),
        ];
    }
}
