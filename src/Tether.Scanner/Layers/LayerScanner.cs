using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Tether.Core.Errors;
using Tether.Scanner.Analyze;

namespace Tether.Scanner.Layers;

/// <summary>
/// Reads one layer blob once, as a stream: detects its compression from the content (gzip, zstd or a plain tar),
/// walks the tar entries, records every entry and whiteout, hashes executables, hands the files analyzers want to
/// them, and computes the diff id and blob digest on the way. Nothing is extracted to disk; entry names are
/// normalized inside the image root (<see cref="LayerPaths"/>); every size is bounded (<see cref="ScannerLimits"/>).
/// </summary>
public sealed class LayerScanner(IReadOnlyList<IFileAnalyzer> analyzers, ScannerLimits? limits = null)
{
    /// <summary>Files kept whole (small) because the OS release is read from them after the layers are merged.</summary>
    public static readonly IReadOnlySet<string> KeptPaths = new HashSet<string>(Analyze.Os.Release.OsReleaseDetector.Paths, StringComparer.Ordinal);

    private readonly ScannerLimits _limits = limits ?? ScannerLimits.Default;

    /// <param name="blob">The layer blob as stored (compressed or not); read to its end.</param>
    /// <param name="source">Names the layer in messages (its digest and image).</param>
    /// <param name="cancellationToken">Stops the read between two buffers.</param>
    /// <exception cref="InputException">The blob is not a (compressed) tar, is corrupt, or exceeds a limit.</exception>
    public async Task<LayerScan> ScanAsync(Stream blob, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        using var compressed = new HashingReadStream(blob, source, long.MaxValue, "the layer blob");
        var magic = new byte[4];
        var peeked = await compressed.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var prefixed = new PrefixedStream(magic, peeked, compressed);
        var compression = peeked >= 2 && magic[0] == 0x1f && magic[1] == 0x8b ? "gzip"
            : peeked == 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd ? "zstd"
            : "none";
        Stream decompressed = compression switch
        {
            "gzip" => new GZipStream(prefixed, CompressionMode.Decompress),
            "zstd" => new ZstdSharp.DecompressionStream(prefixed),
            _ => prefixed,
        };

        await using (decompressed.ConfigureAwait(false))
        {
            using var tar = new HashingReadStream(decompressed, source, _limits.MaxLayerBytes, "the uncompressed layer");
            var walk = new Walk(source, _limits);
            try
            {
                await ReadEntriesAsync(tar, walk, cancellationToken).ConfigureAwait(false);
                await tar.DrainAsync(cancellationToken).ConfigureAwait(false);
                await compressed.DrainAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or OverflowException
                or ArgumentException or NotSupportedException or ZstdSharp.ZstdException or IOException and not FileNotFoundException)
            {
                throw new InputException(source, null, $"not a readable {(compression == "none" ? "tar" : compression + " tar")} layer: {e.Message}", e);
            }

            return walk.Result(tar.Digest(), compressed.Digest(), compression, tar.BytesRead);
        }
    }

    private async Task ReadEntriesAsync(Stream tar, Walk walk, CancellationToken cancellationToken)
    {
        var reader = new TarReader(tar, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (++walk.Count > _limits.MaxEntries)
                {
                    throw new InputException(walk.Source, null, $"more than {_limits.MaxEntries:N0} entries");
                }

                await ReadEntryAsync(entry, walk, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ReadEntryAsync(TarEntry entry, Walk walk, CancellationToken cancellationToken)
    {
        var kind = entry.EntryType switch
        {
            TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => LayerEntryKind.File,
            TarEntryType.Directory => LayerEntryKind.Directory,
            TarEntryType.SymbolicLink => LayerEntryKind.Symlink,
            TarEntryType.HardLink => LayerEntryKind.Hardlink,
            TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo => LayerEntryKind.Special,
            _ => (LayerEntryKind?)null, // PAX global headers, GNU sparse/volume entries: nothing in the filesystem view
        };
        if (kind is null)
        {
            return;
        }

        if (entry.Name.Length > _limits.MaxPathLength)
        {
            walk.Warn($"entry name of {entry.Name.Length:N0} characters skipped");
            return;
        }

        var path = LayerPaths.Normalize(entry.Name);
        if (path is null)
        {
            if (!LayerPaths.IsRoot(entry.Name))
            {
                walk.Warn($"entry '{Printable(entry.Name)}' points outside the image root; skipped");
            }

            return;
        }

        var name = LayerPaths.FileName(path);
        if (name.StartsWith(LayerPaths.WhiteoutPrefix, StringComparison.Ordinal))
        {
            var parent = LayerPaths.Parent(path);
            if (name == LayerPaths.OpaqueMarker)
            {
                if (parent is not null)
                {
                    walk.Opaque.Add(parent);
                }
            }
            else
            {
                walk.Whiteouts.Add(parent is null ? name[LayerPaths.WhiteoutPrefix.Length..] : $"{parent}/{name[LayerPaths.WhiteoutPrefix.Length..]}");
            }

            return;
        }

        var mode = (int)entry.Mode;
        var size = kind == LayerEntryKind.File ? entry.Length : 0;
        var record = new LayerEntry(path, kind.Value, size, mode)
        {
            LinkTarget = kind is LayerEntryKind.Symlink or LayerEntryKind.Hardlink ? entry.LinkName : null,
        };

        if (kind == LayerEntryKind.File && entry.DataStream is { } data)
        {
            record = await ReadFileAsync(record, data, walk, cancellationToken).ConfigureAwait(false);
        }

        walk.Entries.Add(record);
    }

    /// <summary>
    /// Reads a file's content at most once: into memory when an analyzer or the OS detection wants it, else only through
    /// the hash for executables. Analyzers that recognise files by content (binaries) see the first bytes first, so
    /// only the files they want are buffered.
    /// </summary>
    private async Task<LayerEntry> ReadFileAsync(LayerEntry entry, Stream data, Walk walk, CancellationToken cancellationToken)
    {
        var wanting = analyzers.Where(a => a.Wants(entry.Path)).ToList();
        var head = ReadOnlyMemory<byte>.Empty;
        if (wanting.OfType<IContentSniffingAnalyzer>().Any())
        {
            var sniffers = wanting.OfType<IContentSniffingAnalyzer>().ToList();
            var buffer = new byte[Math.Min(entry.Size, sniffers.Max(a => a.HeadLength))];
            await data.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
            head = buffer;
            wanting.RemoveAll(a => a is IContentSniffingAnalyzer sniffer && !sniffer.WantsContent(buffer));
        }

        var keep = KeptPaths.Contains(entry.Path) && entry.Size <= _limits.MaxKeptFileBytes;
        var hash = entry.IsExecutable && entry.Size <= _limits.MaxHashedFileBytes;
        var accepted = wanting.Where(a => entry.Size <= a.MaxBytes).ToList();
        foreach (var tooBig in wanting.Except(accepted))
        {
            walk.Warn($"{entry.Path}: {entry.Size:N0} bytes is over the {tooBig.Name} analyzer's {tooBig.MaxBytes:N0}-byte limit; not analyzed");
        }

        if (accepted.Count == 0 && !keep)
        {
            return hash ? entry with { Sha256 = await HashAsync(head, data, cancellationToken).ConfigureAwait(false) } : entry;
        }

        var content = new byte[entry.Size];
        head.CopyTo(content);
        await data.ReadExactlyAsync(content.AsMemory(head.Length), cancellationToken).ConfigureAwait(false);
        if (keep)
        {
            walk.Kept[entry.Path] = content;
        }

        foreach (var analyzer in accepted)
        {
            try
            {
                var analysis = analyzer.AnalyzeWithWarnings(entry.Path, content);
                walk.Packages.AddRange(analysis.Packages);
                foreach (var warning in analysis.Warnings)
                {
                    walk.Warn($"{analyzer.Name}: {warning}");
                }
            }
            catch (InputException e)
            {
                walk.Warn($"{analyzer.Name}: {e.Message}");
            }
        }

        return hash ? entry with { Sha256 = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content)) } : entry;
    }

    /// <summary>sha256 of the bytes already read (<paramref name="head"/>) followed by the rest of the stream.</summary>
    private static async Task<string> HashAsync(ReadOnlyMemory<byte> head, Stream rest, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(head.Span);
        var buffer = new byte[81920];
        int read;
        while ((read = await rest.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string Printable(string name) =>
        new([.. name.Take(200).Select(c => char.IsControl(c) ? '?' : c)]);

    /// <summary>What one walk collected.</summary>
    private sealed class Walk(string source, ScannerLimits limits)
    {
        private int _warningsDropped;

        public string Source => source;
        public int Count { get; set; }
        public List<LayerEntry> Entries { get; } = [];
        public List<string> Whiteouts { get; } = [];
        public List<string> Opaque { get; } = [];
        public List<ScannedPackage> Packages { get; } = [];
        public Dictionary<string, byte[]> Kept { get; } = new(StringComparer.Ordinal);
        public List<string> Warnings { get; } = [];

        public void Warn(string warning)
        {
            if (Warnings.Count < limits.MaxWarnings)
            {
                Warnings.Add(warning);
            }
            else
            {
                _warningsDropped++;
            }
        }

        public LayerScan Result(string diffId, string blobDigest, string compression, long bytes) => new(diffId)
        {
            BlobDigest = blobDigest,
            Compression = compression,
            UncompressedBytes = bytes,
            Entries = Entries,
            Whiteouts = Whiteouts,
            OpaqueDirectories = Opaque,
            Packages = Packages,
            KeptFiles = Kept,
            Warnings = _warningsDropped == 0 ? Warnings : [.. Warnings, $"… and {_warningsDropped:N0} more warnings"],
        };
    }
}
