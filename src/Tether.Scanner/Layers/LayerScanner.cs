using System.Formats.Tar;
using System.IO.Compression;
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
    private readonly FileContentReader _files = new(analyzers, limits ?? ScannerLimits.Default);

    /// <param name="blob">The layer blob as stored (compressed or not); read to its end.</param>
    /// <param name="source">Names the layer in messages (its digest and image).</param>
    /// <param name="cancellationToken">Stops the read between two buffers.</param>
    /// <exception cref="InputException">The blob is not a (compressed) tar, is corrupt, or exceeds a limit.</exception>
    public async Task<LayerScan> ScanAsync(Stream blob, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        using var compressed = new HashingReadStream(blob, source, long.MaxValue, "the layer blob");
        var magic = new byte[LayerCompression.MagicLength];
        var peeked = await compressed.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var prefixed = new PrefixedStream(magic, peeked, compressed);
        var compression = LayerCompression.Detect(magic.AsSpan(0, peeked));
        Stream decompressed = compression switch
        {
            LayerCompression.Gzip => new GZipStream(prefixed, CompressionMode.Decompress),
            LayerCompression.Zstd => new ZstdSharp.DecompressionStream(prefixed),
            _ => prefixed,
        };

        await using (decompressed.ConfigureAwait(false))
        {
            using var tar = new HashingReadStream(decompressed, source, _limits.MaxLayerBytes, "the uncompressed layer");
            var walk = new ScanCollector(source, _limits);
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

    private async Task ReadEntriesAsync(Stream tar, ScanCollector walk, CancellationToken cancellationToken)
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

    private async Task ReadEntryAsync(TarEntry entry, ScanCollector walk, CancellationToken cancellationToken)
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
            record = await _files.ReadAsync(record, data, walk, cancellationToken).ConfigureAwait(false);
        }

        walk.Entries.Add(record);
    }

    private static string Printable(string name) =>
        new([.. name.Take(200).Select(c => char.IsControl(c) ? '?' : c)]);
}
