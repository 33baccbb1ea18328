using System.IO.Compression;
using Tether.Core.Errors;

namespace Tether.Vulnerabilities.Advisories.Import;

/// <summary>
/// An OSV export archive (<c>all.zip</c>): its <c>*.json</c> entries, each decompressed as a stream when read.
/// Nothing is written to disk, so entry paths (<c>../../etc/passwd</c>) are only names in messages; sizes and
/// counts are bounded by the importer. The index is an entry <c>modified_id.csv</c> or a file beside the archive.
/// </summary>
internal sealed class ZipSource : RecordSource
{
    private readonly Stream _stream;
    private readonly ZipArchive _archive;
    private readonly List<ZipArchiveEntry> _entries;
    private readonly string? _directory;

    private ZipSource(string name, Stream stream, ZipArchive archive, string? directory)
        : base(name, "zip")
    {
        _stream = stream;
        _archive = archive;
        _directory = directory;
        _entries = [.. archive.Entries.Where(e => e.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))];
    }

    public override int Count => _entries.Count;

    public override IEnumerable<SourceEntry> Entries => _entries.Select(entry => new SourceEntry(
        $"{Name}!{InputNames.Printable(entry.FullName)}",
        IdFromFileName(entry.Name),
        async ct => await entry.OpenAsync(ct).ConfigureAwait(false)));

    /// <exception cref="InputException">The file is not a readable zip archive, or has more entries than allowed.</exception>
    public static async Task<ZipSource> OpenAsync(string name, Stream stream, string? directory, int maxEntries, CancellationToken cancellationToken)
    {
        ZipArchive archive;
        try
        {
            archive = await ZipArchive.CreateAsync(stream, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new InputException(name, null, "is not a readable zip archive: " + e.Message, e);
        }

        var count = archive.Entries.Count;
        if (count > maxEntries)
        {
            await archive.DisposeAsync().ConfigureAwait(false);
            throw new InputException(name, null, $"has {count} entries, over the limit of {maxEntries}.");
        }

        return new ZipSource(name, stream, archive, directory);
    }

    public override async Task<Stream?> OpenIndexAsync(CancellationToken cancellationToken) =>
        _archive.GetEntry(IndexFileName) is { } entry
            ? await entry.OpenAsync(cancellationToken).ConfigureAwait(false)
            : await OpenIndexFileAsync(_directory).ConfigureAwait(false);

    public override async ValueTask DisposeAsync()
    {
        await _archive.DisposeAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
