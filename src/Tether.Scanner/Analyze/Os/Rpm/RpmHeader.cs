using System.Buffers.Binary;
using System.Text;
using Tether.Core.Errors;

namespace Tether.Scanner.Analyze.Os.Rpm;

/// <summary>
/// An rpm header blob as the package database stores it (rpm's <c>headerExport</c>, no lead or magic): two big-endian
/// 32-bit counts — index entries <c>il</c> and data bytes <c>dl</c> — then <c>il</c> 16-byte entries (tag, type,
/// offset, count) and the <c>dl</c>-byte data store they point into. Every count and offset is checked against the
/// blob before use; a value that does not fit raises <see cref="InputException"/> naming the tag.
/// </summary>
internal sealed class RpmHeader
{
    /// <summary>rpm's own limits (<c>HEADER_TAGS_MAX</c>, <c>HEADER_DATA_MAX</c>): at most 65535 entries and 256 MiB of data.</summary>
    public const int MaxEntries = 0xffff;

    public const int MaxData = 0x0fffffff;

    private const int EntrySize = 16;
    private const int TypeInt32 = 4;
    private const int TypeString = 6;
    private const int TypeStringArray = 8;
    private const int TypeI18nString = 9;

    private readonly ReadOnlyMemory<byte> data;
    private readonly Dictionary<int, Entry> entries;
    private readonly string source;
    private readonly string field;

    private RpmHeader(ReadOnlyMemory<byte> data, Dictionary<int, Entry> entries, string source, string field)
    {
        this.data = data;
        this.entries = entries;
        this.source = source;
        this.field = field;
    }

    /// <summary>Reads the index of <paramref name="blob"/>; <paramref name="source"/> and <paramref name="field"/> name it in errors.</summary>
    public static RpmHeader Parse(ReadOnlyMemory<byte> blob, string source, string field)
    {
        var span = blob.Span;
        if (span.Length < 8)
        {
            throw new InputException(source, field, $"header blob is {span.Length} bytes, shorter than its 8-byte preamble.");
        }

        var indexCount = BinaryPrimitives.ReadUInt32BigEndian(span);
        var dataLength = BinaryPrimitives.ReadUInt32BigEndian(span[4..]);
        if (indexCount is 0 or > MaxEntries)
        {
            throw new InputException(source, field, $"header has {indexCount} index entries; 1 to {MaxEntries} expected.");
        }

        if (dataLength > MaxData)
        {
            throw new InputException(source, field, $"header data is {dataLength} bytes, over rpm's {MaxData}-byte limit.");
        }

        var dataStart = 8L + (indexCount * EntrySize);
        if (dataStart + dataLength > span.Length)
        {
            throw new InputException(source, field, $"header declares {indexCount} entries and {dataLength} data bytes, more than the blob's {span.Length} bytes.");
        }

        var entries = new Dictionary<int, Entry>();
        for (var i = 0; i < indexCount; i++)
        {
            var at = span.Slice(8 + (i * EntrySize), EntrySize);
            var tag = BinaryPrimitives.ReadInt32BigEndian(at);
            var type = BinaryPrimitives.ReadUInt32BigEndian(at[4..]);
            var offset = BinaryPrimitives.ReadInt32BigEndian(at[8..]);
            var count = BinaryPrimitives.ReadUInt32BigEndian(at[12..]);
            if (type > 9)
            {
                throw new InputException(source, $"{field}: tag {tag}", $"has unknown type {type}.");
            }

            if (offset < 0 || offset > dataLength || count == 0 || count > dataLength - (uint)offset)
            {
                // Every type takes at least one byte per element, so count can never exceed the bytes left after offset.
                throw new InputException(source, $"{field}: tag {tag}", $"offset {offset} and count {count} fall outside the {dataLength}-byte data store.");
            }

            entries.TryAdd(tag, new Entry((int)type, offset, (int)count));
        }

        return new RpmHeader(blob.Slice((int)dataStart, (int)dataLength), entries, source, field);
    }

    /// <summary>A STRING (or the first of a STRING_ARRAY / I18NSTRING) tag's value, or null when the header has no such tag.</summary>
    public string? String(int tag)
    {
        if (!entries.TryGetValue(tag, out var entry))
        {
            return null;
        }

        if (entry.Type is not (TypeString or TypeStringArray or TypeI18nString))
        {
            throw Wrong(tag, entry, "a string");
        }

        return ReadString(tag, entry.Offset, out _);
    }

    /// <summary>A STRING_ARRAY tag's values, empty when absent.</summary>
    public IReadOnlyList<string> StringArray(int tag)
    {
        if (!entries.TryGetValue(tag, out var entry))
        {
            return [];
        }

        if (entry.Type is not (TypeStringArray or TypeString or TypeI18nString))
        {
            throw Wrong(tag, entry, "a string array");
        }

        // Not preallocated: the count is checked against the data store, not yet against the strings in it.
        var values = new List<string>();
        var offset = entry.Offset;
        for (var i = entry.Type == TypeString ? entry.Count - 1 : 0; i < entry.Count; i++)
        {
            values.Add(ReadString(tag, offset, out offset));
        }

        return values;
    }

    /// <summary>An INT32 tag's values, empty when absent.</summary>
    public IReadOnlyList<int> Int32Array(int tag)
    {
        if (!entries.TryGetValue(tag, out var entry))
        {
            return [];
        }

        if (entry.Type != TypeInt32)
        {
            throw Wrong(tag, entry, "INT32");
        }

        if ((long)entry.Count * 4 > data.Length - entry.Offset)
        {
            throw new InputException(source, $"{field}: tag {tag}", $"{entry.Count} INT32 values at offset {entry.Offset} run past the {data.Length}-byte data store.");
        }

        var span = data.Span.Slice(entry.Offset, entry.Count * 4);
        var values = new int[entry.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt32BigEndian(span[(i * 4)..]);
        }

        return values;
    }

    /// <summary>The first value of an INT32 tag, or null when absent.</summary>
    public int? Int32(int tag) => Int32Array(tag) is [var first, ..] ? first : null;

    private string ReadString(int tag, int offset, out int next)
    {
        var rest = data.Span[offset..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            throw new InputException(source, $"{field}: tag {tag}", $"string at offset {offset} is not terminated within the data store.");
        }

        next = offset + end + 1;
        return Encoding.UTF8.GetString(rest[..end]);
    }

    private InputException Wrong(int tag, Entry entry, string expected) =>
        new(source, $"{field}: tag {tag}", $"has type {entry.Type}, {expected} expected.");

    private readonly record struct Entry(int Type, int Offset, int Count);
}
