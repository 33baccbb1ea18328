using System.Formats.Tar;
using Tether.Core.Errors;
using Tether.Scanner.Layers;

namespace Tether.Scanner.Collect;

/// <summary>One entry of an indexed tar: where its data lies in the file. Names are normalized and never touch the host.</summary>
internal sealed record TarIndexEntry(string Name, string RawName, TarEntryType Type, long Offset, long Length, string? LinkName)
{
    public bool IsFile => Type is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile;
}

/// <summary>
/// The entries of a tar file by name with their data offsets, read in one pass over the headers (the reader seeks past
/// the data), so any entry can later be served as a bounded window of the file without extracting anything. Entry
/// names are only lookup keys: normalized as inside an image root (<see cref="LayerPaths"/>), those that climb out
/// are dropped, two files that normalize to one name are refused, and every entry must lie inside the file.
/// </summary>
internal sealed class TarIndex
{
    private readonly Dictionary<string, TarIndexEntry> _entries;
    private readonly DockerArchiveLimits _limits;

    private TarIndex(string file, Dictionary<string, TarIndexEntry> entries, DockerArchiveLimits limits)
    {
        File = file;
        _entries = entries;
        _limits = limits;
    }

    public string File { get; }

    public IEnumerable<TarIndexEntry> Entries => _entries.Values;

    public static async Task<TarIndex> ReadAsync(string file, DockerArchiveLimits limits, CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, TarIndexEntry>(StringComparer.Ordinal);
        var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.RandomAccess);
        await using (stream.ConfigureAwait(false))
        {
            var fileLength = stream.Length;
            var magic = new byte[LayerCompression.MagicLength];
            var peeked = await stream.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (LayerCompression.Detect(magic.AsSpan(0, peeked)) is var compression and not LayerCompression.None)
            {
                // A tar inside gzip cannot be read in place (no random access): say so rather than "not a tar".
                throw new InputException(file, null, $"is {compression}-compressed; decompress it first (docker save writes a plain tar, which is read in place)");
            }

            stream.Position = 0;
            var reader = new TarReader(stream, leaveOpen: true);
            await using (reader.ConfigureAwait(false))
            {
                try
                {
                    var count = 0;
                    while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                    {
                        if (++count > limits.MaxEntries)
                        {
                            throw new InputException(file, null, $"has more than {limits.MaxEntries:N0} entries; not an image archive (or raise the limit)");
                        }

                        Add(file, entries, entry, fileLength, limits);
                    }
                }
                catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or OverflowException
                    or ArgumentException or NotSupportedException or IOException and not FileNotFoundException)
                {
                    throw new InputException(file, null, $"is not a readable tar archive: {e.Message}", e);
                }
            }
        }

        return new TarIndex(file, entries, limits);
    }

    /// <summary>Names an entry in messages: <c>FILE entry NAME</c>.</summary>
    public string Source(string name) => $"{File} entry {Printable(name)}";

    /// <summary>Whether a file (or a link to one) is stored under <paramref name="name"/>.</summary>
    public bool Contains(string name) => LayerPaths.Normalize(name) is { } key && _entries.ContainsKey(key);

    /// <summary>
    /// The regular file stored under <paramref name="name"/> (as written in a manifest), following symlinks and
    /// hardlinks inside the archive. <paramref name="referrer"/> and <paramref name="field"/> say who named it, for the error.
    /// </summary>
    public TarIndexEntry Resolve(string name, string referrer, string? field)
    {
        var current = LayerPaths.Normalize(name)
            ?? throw new InputException(referrer, field, $"'{Printable(name)}' names a path outside the archive");
        for (var hop = 0; hop <= _limits.MaxLinkHops; hop++)
        {
            if (!_entries.TryGetValue(current, out var entry))
            {
                throw new InputException(referrer, field, $"names '{Printable(current)}', which is not in {File}");
            }

            if (entry.IsFile)
            {
                return entry;
            }

            var next = entry.Type switch
            {
                TarEntryType.SymbolicLink when entry.LinkName is { } target => LayerPaths.ResolveLink(current, target),
                TarEntryType.HardLink when entry.LinkName is { } target => LayerPaths.Normalize(target),
                _ => throw new InputException(referrer, field, $"names '{Printable(current)}', which is a {entry.Type} entry of {File}, not a file"),
            };
            current = next ?? throw new InputException(Source(entry.RawName), "linkname", "points outside the archive");
        }

        throw new InputException(referrer, field, $"'{Printable(name)}' goes through more than {_limits.MaxLinkHops} links in {File}");
    }

    /// <summary>
    /// The entry's data as a stream of its own (a new handle on the file: streams never share a position), buffered
    /// because a tar reader asks for 512-byte headers one at a time.
    /// </summary>
    public Stream Open(TarIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var handle = System.IO.File.OpenHandle(File, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return new BufferedStream(new FileRangeStream(handle, entry.Offset, entry.Length, ownsHandle: true, Source(entry.RawName)), 1 << 16);
    }

    /// <summary>The entry's data whole, refused over <paramref name="maxBytes"/> before anything is read.</summary>
    public async Task<byte[]> ReadAllAsync(TarIndexEntry entry, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Length > maxBytes)
        {
            throw new InputException(Source(entry.RawName), null, $"is {entry.Length:N0} bytes; the limit for it is {maxBytes:N0}");
        }

        var bytes = new byte[entry.Length];
        var stream = Open(entry);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            }
            catch (EndOfStreamException e)
            {
                throw new InputException(Source(entry.RawName), null, e.Message, e);
            }
        }

        return bytes;
    }

    /// <summary>The first bytes of an entry (its magic number), fewer when it is shorter.</summary>
    public async Task<byte[]> ReadHeadAsync(TarIndexEntry entry, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var bytes = new byte[Math.Min(count, entry.Length)];
        var stream = Open(entry);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            }
            catch (EndOfStreamException e)
            {
                throw new InputException(Source(entry.RawName), null, e.Message, e);
            }
        }

        return bytes;
    }

    private static void Add(string file, Dictionary<string, TarIndexEntry> entries, TarEntry entry, long fileLength, DockerArchiveLimits limits)
    {
        if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile
            or TarEntryType.SymbolicLink or TarEntryType.HardLink))
        {
            return; // directories, PAX globals, devices: nothing an image archive serves
        }

        if (entry.Name.Length > limits.MaxNameLength)
        {
            throw new InputException(file, null, $"an entry name of {entry.Name.Length:N0} characters is over the {limits.MaxNameLength:N0}-character limit");
        }

        var source = $"{file} entry {Printable(entry.Name)}";
        if (LayerPaths.Normalize(entry.Name) is not { } name)
        {
            return; // climbs out of the archive (../x): it can never be named by a manifest, and is never extracted
        }

        var length = entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink ? 0 : entry.Length;
        if (entry.DataOffset < 0 || length < 0 || entry.DataOffset > fileLength || length > fileLength - entry.DataOffset)
        {
            throw new InputException(source, "size", $"says {length:N0} bytes at offset {entry.DataOffset:N0}, but the file is {fileLength:N0} bytes: truncated or corrupt");
        }

        if (entries.TryGetValue(name, out var earlier))
        {
            throw new InputException(source, null, $"is stored twice (also as '{Printable(earlier.RawName)}'); refusing an ambiguous archive");
        }

        entries[name] = new TarIndexEntry(name, entry.Name, entry.EntryType, entry.DataOffset, length,
            entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink ? entry.LinkName : null);
    }

    private static string Printable(string name) =>
        new([.. name.Take(200).Select(c => char.IsControl(c) ? '?' : c)]);
}
