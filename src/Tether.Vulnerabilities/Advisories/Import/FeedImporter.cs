using System.IO.Compression;
using Tether.Core.Advisories;
using Tether.Core.Errors;
using Tether.Vulnerabilities.Advisories.Parse;

namespace Tether.Vulnerabilities.Advisories.Import;

/// <summary>
/// <c>tether db import kev|epss</c>: reads the feed (a file or an http(s) URL; EPSS may be gzip-compressed,
/// recognized by content), parses all of it, then replaces the stored snapshot in one transaction.
/// </summary>
public sealed class FeedImporter(IAdvisoryStore store, AdvisoryImportOptions? options = null)
{
    private readonly AdvisoryImportOptions _options = options ?? new AdvisoryImportOptions();

    /// <exception cref="InputException">The file is missing, over the limit, or not a KEV catalog.</exception>
    public async Task<AdvisoryImportRecord> ImportKevAsync(string input, CancellationToken cancellationToken = default)
    {
        var (name, bytes) = await ReadAsync(input, cancellationToken).ConfigureAwait(false);
        var catalog = KevCatalogParser.Parse(bytes, name, _options.Limits);
        return await store.ReplaceKevAsync(catalog, name, cancellationToken).ConfigureAwait(false);
    }

    /// <exception cref="InputException">The file is missing, over the limit, or not an EPSS CSV.</exception>
    public async Task<AdvisoryImportRecord> ImportEpssAsync(string input, CancellationToken cancellationToken = default)
    {
        var (name, bytes) = await ReadAsync(input, cancellationToken).ConfigureAwait(false);
        var snapshot = EpssCsvParser.Parse(bytes.Span, name, _options.Limits);
        return await store.ReplaceEpssAsync(snapshot, name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The feed's bytes, decompressed when gzip, bounded by <see cref="OsvLimits.MaxFeedBytes"/>.</summary>
    private async Task<(string Name, ReadOnlyMemory<byte> Bytes)> ReadAsync(string input, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(input);
        var (name, file) = InputNames.IsUrl(input, out var uri)
            ? (InputNames.Url(uri!), await FeedDownloader.DownloadAsync(uri!, _options, cancellationToken).ConfigureAwait(false))
            : (input, RecordSources.OpenFile(input));
        await using (file.ConfigureAwait(false))
        {
            var magic = await RecordSources.SniffAsync(file, cancellationToken).ConfigureAwait(false);
            var max = _options.Limits.MaxFeedBytes;
            var reader = new BoundedReader(max, max);
            try
            {
                ReadOnlyMemory<byte>? bytes;
                if (magic is [0x1f, 0x8b, ..])
                {
                    var gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
                    await using (gzip.ConfigureAwait(false))
                    {
                        bytes = await reader.ReadAsync(gzip, name, cancellationToken).ConfigureAwait(false);
                    }
                }
                else
                {
                    bytes = await reader.ReadAsync(file, name, cancellationToken).ConfigureAwait(false);
                }

                // The reader's buffer is reused by nothing else here: the slice stays valid.
                return bytes is { } content
                    ? (name, content)
                    : throw new InputException(name, null, $"is over the {max}-byte limit for a feed.");
            }
            catch (InvalidDataException e)
            {
                throw new InputException(name, null, "is not valid gzip: " + e.Message, e);
            }
        }
    }
}
