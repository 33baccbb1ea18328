using System.Security.Cryptography;
using Tether.Core.Errors;
using Tether.Scanner.Analyze;

namespace Tether.Scanner.Layers;

/// <summary>
/// One regular file's content to what the scan keeps of it — the packages analyzers find, the kept metadata files, the
/// sha256 of executables — shared by the layer walker (a tar entry's data) and the directory walker (a file on disk), so
/// both read the same files the same way under the same limits.
/// </summary>
internal sealed class FileContentReader(IReadOnlyList<IFileAnalyzer> analyzers, ScannerLimits limits)
{
    /// <summary>
    /// Reads a file's content at most once: into memory when an analyzer or the OS detection wants it, else only through
    /// the hash for executables. Analyzers that recognise files by content (binaries) see the first bytes first, so
    /// only the files they want are buffered.
    /// </summary>
    public async Task<LayerEntry> ReadAsync(LayerEntry entry, Stream data, ScanCollector walk, CancellationToken cancellationToken)
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

        var keep = LayerScanner.KeptPaths.Contains(entry.Path) && entry.Size <= limits.MaxKeptFileBytes;
        var hash = entry.IsExecutable && entry.Size <= limits.MaxHashedFileBytes;
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
}
