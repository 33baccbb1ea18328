using System.Buffers.Binary;
using System.Text;
using Tether.Core.Errors;

namespace Tether.Scanner.Analyze.Language.Elf;

/// <summary>
/// The parts of an ELF file the binary analyzers need: its section headers (by name) and its loadable segments
/// (to find data when section headers were stripped, and to turn virtual addresses into file offsets). 32 and
/// 64 bit, either byte order. Every offset and count is checked against the file before it is used.
/// </summary>
internal sealed class ElfFile
{
    private const uint PtLoad = 1;
    private const uint ShtNobits = 8;
    private const int MaxSections = 65_536;
    private const int MaxSegments = 4_096;
    private const int MaxSectionNameLength = 256;

    private readonly ReadOnlyMemory<byte> _data;
    private readonly string _source;

    private ElfFile(ReadOnlyMemory<byte> data, string source, bool is64, bool bigEndian)
    {
        _data = data;
        _source = source;
        Is64 = is64;
        BigEndian = bigEndian;
    }

    public bool Is64 { get; }

    public bool BigEndian { get; }

    public int PointerSize => Is64 ? 8 : 4;

    public IReadOnlyList<ElfSection> Sections { get; private set; } = [];

    public IReadOnlyList<ElfSegment> Segments { get; private set; } = [];

    /// <summary>An executable or shared object (not a relocatable <c>.o</c>, not a core dump) starts with these bytes.</summary>
    public static bool LooksLikeExecutable(ReadOnlySpan<byte> head)
    {
        if (head.Length < 18 || !head.StartsWith("\u007FELF"u8) || head[4] is not (1 or 2) || head[5] is not (1 or 2))
        {
            return false;
        }

        var type = head[5] == 2 ? BinaryPrimitives.ReadUInt16BigEndian(head[16..]) : BinaryPrimitives.ReadUInt16LittleEndian(head[16..]);
        return type is 2 or 3;
    }

    /// <summary>Whether the bytes start like any ELF file (magic only).</summary>
    public static bool HasMagic(ReadOnlySpan<byte> data) => data.StartsWith("\u007FELF"u8);

    public static ElfFile Parse(ReadOnlyMemory<byte> data, string source)
    {
        var span = data.Span;
        if (span.Length < 52 || !HasMagic(span))
        {
            throw new InputException(source, "ELF header", "is missing or truncated.");
        }

        var is64 = span[4] switch
        {
            1 => false,
            2 => true,
            _ => throw new InputException(source, "ELF header class", $"{span[4]} is neither 32-bit (1) nor 64-bit (2)."),
        };
        var bigEndian = span[5] switch
        {
            1 => false,
            2 => true,
            _ => throw new InputException(source, "ELF header data encoding", $"{span[5]} is neither little (1) nor big endian (2)."),
        };
        if (is64 && span.Length < 64)
        {
            throw new InputException(source, "ELF header", "is truncated.");
        }

        var elf = new ElfFile(data, source, is64, bigEndian);
        elf.ReadTables();
        return elf;
    }

    /// <summary>The file bytes of the first section named <paramref name="name"/>, or null when there is none (or it has no bytes in the file).</summary>
    public ReadOnlyMemory<byte>? SectionData(string name)
    {
        foreach (var section in Sections)
        {
            if (section.Name == name)
            {
                return section.Type == ShtNobits ? null : Slice(section.Offset, section.Size, $"section {name}");
            }
        }

        return null;
    }

    /// <summary>The file bytes of the first loadable, writable, non-executable segment: where Go puts build info when section headers are gone.</summary>
    public ReadOnlyMemory<byte>? FirstDataSegment()
    {
        foreach (var segment in Segments)
        {
            if (segment.Type == PtLoad && (segment.Flags & 7) == 6)
            {
                return Slice(segment.Offset, segment.FileSize, "data segment");
            }
        }

        return null;
    }

    /// <summary>
    /// <paramref name="length"/> bytes at a virtual address, read from the loadable segment that maps it; null when
    /// no segment maps all of them to file bytes.
    /// </summary>
    public ReadOnlyMemory<byte>? ReadAddress(ulong address, ulong length)
    {
        foreach (var segment in Segments)
        {
            if (segment.Type != PtLoad || address < segment.VirtualAddress)
            {
                continue;
            }

            var into = address - segment.VirtualAddress;
            if (into <= segment.FileSize && length <= segment.FileSize - into)
            {
                return Slice(segment.Offset + into, length, "segment data");
            }
        }

        return null;
    }

    public ulong ReadPointer(ReadOnlySpan<byte> bytes) =>
        Is64 ? ReadUInt64(bytes) : ReadUInt32(bytes);

    private void ReadTables()
    {
        var span = _data.Span;
        ulong phoff, shoff;
        int phentsize, phnum, shentsize, shnum, shstrndx;
        if (Is64)
        {
            phoff = ReadUInt64(span[32..]);
            shoff = ReadUInt64(span[40..]);
            phentsize = ReadUInt16(span[54..]);
            phnum = ReadUInt16(span[56..]);
            shentsize = ReadUInt16(span[58..]);
            shnum = ReadUInt16(span[60..]);
            shstrndx = ReadUInt16(span[62..]);
        }
        else
        {
            phoff = ReadUInt32(span[28..]);
            shoff = ReadUInt32(span[32..]);
            phentsize = ReadUInt16(span[42..]);
            phnum = ReadUInt16(span[44..]);
            shentsize = ReadUInt16(span[46..]);
            shnum = ReadUInt16(span[48..]);
            shstrndx = ReadUInt16(span[50..]);
        }

        Segments = ReadSegments(phoff, phentsize, phnum);
        Sections = ReadSections(shoff, shentsize, shnum, shstrndx);
    }

    private List<ElfSegment> ReadSegments(ulong offset, int entrySize, int count)
    {
        var segments = new List<ElfSegment>();
        if (offset == 0 || count == 0)
        {
            return segments;
        }

        if (count > MaxSegments || entrySize < (Is64 ? 56 : 32))
        {
            throw new InputException(_source, "ELF program headers", $"{count} entries of {entrySize} bytes is not a valid table.");
        }

        var table = Slice(offset, (ulong)count * (ulong)entrySize, "ELF program headers").Span;
        for (var i = 0; i < count; i++)
        {
            var entry = table.Slice(i * entrySize, entrySize);
            segments.Add(Is64
                ? new ElfSegment(ReadUInt32(entry), ReadUInt32(entry[4..]), ReadUInt64(entry[8..]), ReadUInt64(entry[16..]), ReadUInt64(entry[32..]))
                : new ElfSegment(ReadUInt32(entry), ReadUInt32(entry[24..]), ReadUInt32(entry[4..]), ReadUInt32(entry[8..]), ReadUInt32(entry[16..])));
        }

        return segments;
    }

    private List<ElfSection> ReadSections(ulong offset, int entrySize, int count, int namesIndex)
    {
        var sections = new List<ElfSection>();
        if (offset == 0)
        {
            return sections;
        }

        var minimum = Is64 ? 64 : 40;
        if (entrySize < minimum)
        {
            throw new InputException(_source, "ELF section headers", $"entries of {entrySize} bytes are smaller than {minimum}.");
        }

        // More than 0xff00 sections: the real count and names index live in section 0 (ELF extended numbering).
        if (count == 0 || namesIndex == 0xffff)
        {
            var first = Slice(offset, (ulong)entrySize, "ELF section header 0").Span;
            if (count == 0)
            {
                var extended = Is64 ? ReadUInt64(first[32..]) : ReadUInt32(first[20..]);
                count = extended > MaxSections ? throw new InputException(_source, "ELF section headers", $"{extended} sections is over the {MaxSections} limit.") : (int)extended;
            }

            if (namesIndex == 0xffff)
            {
                namesIndex = (int)ReadUInt32(first[(Is64 ? 40 : 24)..]);
            }
        }

        var table = Slice(offset, (ulong)count * (ulong)entrySize, "ELF section headers").Span;
        var raw = new List<(uint NameOffset, uint Type, ulong Address, ulong Offset, ulong Size)>(count);
        for (var i = 0; i < count; i++)
        {
            var entry = table.Slice(i * entrySize, entrySize);
            raw.Add(Is64
                ? (ReadUInt32(entry), ReadUInt32(entry[4..]), ReadUInt64(entry[16..]), ReadUInt64(entry[24..]), ReadUInt64(entry[32..]))
                : (ReadUInt32(entry), ReadUInt32(entry[4..]), ReadUInt32(entry[12..]), ReadUInt32(entry[16..]), ReadUInt32(entry[20..])));
        }

        ReadOnlySpan<byte> names = [];
        if (namesIndex > 0 && namesIndex < count)
        {
            var (_, _, _, namesOffset, namesSize) = raw[namesIndex];
            names = Slice(namesOffset, namesSize, "ELF section names").Span;
        }

        foreach (var (nameOffset, type, address, dataOffset, size) in raw)
        {
            sections.Add(new ElfSection(Name(names, nameOffset), type, address, dataOffset, size));
        }

        return sections;
    }

    private static string Name(ReadOnlySpan<byte> names, uint offset)
    {
        if (offset >= names.Length)
        {
            return "";
        }

        var rest = names[(int)offset..];
        var end = rest.IndexOf((byte)0);
        var length = Math.Min(end < 0 ? rest.Length : end, MaxSectionNameLength);
        return Encoding.ASCII.GetString(rest[..length]);
    }

    private ReadOnlyMemory<byte> Slice(ulong offset, ulong length, string what)
    {
        var size = (ulong)_data.Length;
        if (offset > size || length > size - offset)
        {
            throw new InputException(_source, what, $"{length} bytes at offset {offset} lie beyond the end of the {size}-byte file.");
        }

        return _data.Slice((int)offset, (int)length);
    }

    private ushort ReadUInt16(ReadOnlySpan<byte> bytes) =>
        BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);

    private uint ReadUInt32(ReadOnlySpan<byte> bytes) =>
        BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);

    private ulong ReadUInt64(ReadOnlySpan<byte> bytes) =>
        BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes);
}
