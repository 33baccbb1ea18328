using System.Buffers.Binary;
using Tether.Core.Errors;

namespace Tether.Scanner.Analyze.Os.Rpm;

/// <summary>
/// The values of a Berkeley DB hash database (rpm's <c>Packages</c> before 4.16: RHEL/CentOS ≤ 8, Amazon Linux 2),
/// read from the page layout of libdb's <c>dbinc/db_page.h</c> without libdb:
/// <list type="bullet">
/// <item>page 0 is the hash metadata page: magic <c>0x061561</c> at byte 12 (in the byte order of the machine that
/// wrote the file, which the magic reveals), page size at 20, encryption at 24, page type 8 at 25, last page at 32;</item>
/// <item>hash pages (type 13, or 2 for the unsorted pages of libdb 4.3) hold <c>entries</c> (u16 at 20) item offsets
/// after the 26-byte page header, in key/value pairs; an item starts with its type — 1 inline data (its length runs to
/// the previous item's start), 3 off-page (u32 first overflow page at +4, u32 total length at +8);</item>
/// <item>overflow pages (type 7) carry <c>hf_offset</c> (u16 at 22) bytes of the value after their header and link to
/// the next page (u32 at 16) until 0.</item>
/// </list>
/// Every offset, length and page number is checked; a chain longer than the file has pages is a loop and rejected.
/// rpm's record 0 (the next-instance counter, not a header) is skipped.
/// </summary>
internal static class BerkeleyHashReader
{
    /// <summary>Longest value assembled from overflow pages.</summary>
    public const int MaxValueBytes = 64 << 20;

    private const uint HashMagic = 0x061561;
    private const int PageHeaderSize = 26;
    private const byte HashMetaPage = 8;
    private const byte HashPage = 13;
    private const byte HashUnsortedPage = 2;
    private const byte OverflowPage = 7;
    private const byte KeyData = 1;
    private const byte OffPage = 3;

    public static IEnumerable<(string Where, ReadOnlyMemory<byte> Value)> Values(string path, ReadOnlyMemory<byte> content)
    {
        var file = content.Span;
        if (file.Length < 512)
        {
            throw new InputException(path, "metadata page", $"is {file.Length} bytes, shorter than a Berkeley DB metadata page.");
        }

        bool bigEndian;
        if (BinaryPrimitives.ReadUInt32LittleEndian(file[12..]) == HashMagic)
        {
            bigEndian = false;
        }
        else if (BinaryPrimitives.ReadUInt32BigEndian(file[12..]) == HashMagic)
        {
            bigEndian = true;
        }
        else
        {
            throw new InputException(path, "metadata page", "is not a Berkeley DB hash database (no 0x061561 magic).");
        }

        var pageSize = U32(file[20..], bigEndian);
        if (pageSize is < 512 or > 65536 || (pageSize & (pageSize - 1)) != 0)
        {
            throw new InputException(path, "metadata page", $"page size {pageSize} is not a power of two from 512 to 65536.");
        }

        if (file[24] != 0)
        {
            throw new InputException(path, "metadata page", $"is encrypted (algorithm {file[24]}); cannot read it.");
        }

        if (file[25] != HashMetaPage)
        {
            throw new InputException(path, "metadata page", $"has page type {file[25]}, the hash metadata type {HashMetaPage} expected.");
        }

        var lastPage = U32(file[32..], bigEndian);
        var pageCount = (long)lastPage + 1;
        if (pageCount * pageSize > file.Length)
        {
            throw new InputException(path, "metadata page", $"declares {pageCount} pages of {pageSize} bytes, more than the file's {file.Length} bytes (truncated?).");
        }

        return Read(path, content, (int)pageSize, (int)pageCount, bigEndian);
    }

    private static IEnumerable<(string Where, ReadOnlyMemory<byte> Value)> Read(string path, ReadOnlyMemory<byte> content, int pageSize, int pageCount, bool bigEndian)
    {
        for (var number = 1; number < pageCount; number++)
        {
            var page = content.Slice(number * pageSize, pageSize);
            var type = page.Span[25];
            if (type is not (HashPage or HashUnsortedPage))
            {
                continue;
            }

            var entries = U16(page.Span[20..], bigEndian);
            if (entries % 2 != 0 || PageHeaderSize + (2 * entries) > pageSize)
            {
                throw new InputException(path, $"page {number}", $"has {entries} entries; an even number fitting the page expected.");
            }

            for (var i = 0; i < entries; i += 2)
            {
                var where = $"page {number} item {i / 2}";
                var key = Item(path, page.Span, i, pageSize, bigEndian, where);
                var value = Item(path, page.Span, i + 1, pageSize, bigEndian, where);
                if (IsZeroKey(page.Span, key))
                {
                    continue;
                }

                yield return (where, Value(path, content, page, value, pageSize, pageCount, bigEndian, where));
            }
        }
    }

    /// <summary>Item <paramref name="index"/>'s start and end on the page: items are packed downward from the page end.</summary>
    private static (int Start, int End) Item(string path, ReadOnlySpan<byte> page, int index, int pageSize, bool bigEndian, string where)
    {
        var start = U16(page[(PageHeaderSize + (2 * index))..], bigEndian);
        var end = index == 0 ? pageSize : U16(page[(PageHeaderSize + (2 * (index - 1)))..], bigEndian);
        if (start < PageHeaderSize || start >= end || end > pageSize)
        {
            throw new InputException(path, where, $"item offset {start} (ending at {end}) falls outside the page.");
        }

        return (start, end);
    }

    private static bool IsZeroKey(ReadOnlySpan<byte> page, (int Start, int End) key) =>
        page[key.Start] == KeyData && key.End - key.Start == 5 && page.Slice(key.Start + 1, 4).IndexOfAnyExcept((byte)0) < 0;

    private static ReadOnlyMemory<byte> Value(
        string path, ReadOnlyMemory<byte> content, ReadOnlyMemory<byte> page, (int Start, int End) item, int pageSize, int pageCount, bool bigEndian, string where)
    {
        var span = page.Span;
        switch (span[item.Start])
        {
            case KeyData:
                return page.Slice(item.Start + 1, item.End - item.Start - 1);
            case OffPage when item.End - item.Start >= 12:
                break;
            default:
                throw new InputException(path, where, $"value has item type {span[item.Start]}; inline (1) or off-page (3) expected.");
        }

        var next = U32(span[(item.Start + 4)..], bigEndian);
        var total = U32(span[(item.Start + 8)..], bigEndian);
        if (total > MaxValueBytes || total > (long)pageCount * pageSize)
        {
            throw new InputException(path, where, $"value of {total} bytes is over the {MaxValueBytes}-byte limit or larger than the file.");
        }

        var value = new byte[total];
        var filled = 0;
        for (var hops = 0; next != 0; hops++)
        {
            if (next >= pageCount || hops >= pageCount)
            {
                throw new InputException(path, where, $"overflow chain reaches page {next} of {pageCount} after {hops} pages (out of range, or a loop).");
            }

            var overflow = content.Span.Slice((int)next * pageSize, pageSize);
            var length = U16(overflow[22..], bigEndian);
            if (overflow[25] != OverflowPage || length > pageSize - PageHeaderSize || filled + length > total)
            {
                throw new InputException(path, where, $"overflow page {next} is not an overflow page of the value ({length} bytes, type {overflow[25]}).");
            }

            overflow.Slice(PageHeaderSize, length).CopyTo(value.AsSpan(filled));
            filled += length;
            next = U32(overflow[16..], bigEndian);
        }

        if (filled != total)
        {
            throw new InputException(path, where, $"overflow chain holds {filled} of the value's {total} bytes.");
        }

        return value;
    }

    private static uint U32(ReadOnlySpan<byte> bytes, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);

    private static int U16(ReadOnlySpan<byte> bytes, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);
}
