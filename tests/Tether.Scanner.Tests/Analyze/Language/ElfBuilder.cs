using System.Buffers.Binary;
using System.Text;

namespace Tether.Scanner.Tests.Analyze.Language;

/// <summary>
/// Writes small 64-bit little-endian ELF executables in the real layout (header, program headers, section data,
/// section names, section headers), for the binary formats no tool here produces: cargo auditable's
/// <c>.dep-v0</c>, Go's pre-1.18 build info, and broken files.
/// </summary>
internal sealed class ElfBuilder
{
    private const int DataStart = 0x1000;

    private readonly List<(string Name, uint Type, ulong Address, byte[] Data)> _sections = [];
    private readonly List<(int Section, ulong Address, uint Flags)> _segments = [];

    public ushort FileType { get; init; } = 2;

    public int AddSection(string name, byte[] data, ulong address = 0)
    {
        _sections.Add((name, 1, address, data));
        return _sections.Count - 1;
    }

    /// <summary>Maps a section's bytes as a loadable segment (flags: 4 read, 2 write, 1 execute).</summary>
    public void AddLoadSegment(int section, uint flags) => _segments.Add((section, _sections[section].Address, flags));

    public byte[] Build(bool withSectionHeaders = true)
    {
        using var file = new MemoryStream();
        file.SetLength(DataStart);
        file.Position = DataStart;
        var offsets = new List<long>();
        foreach (var section in _sections)
        {
            Align(file, 16);
            offsets.Add(file.Position);
            file.Write(section.Data);
        }

        var names = new MemoryStream();
        names.WriteByte(0);
        var nameOffsets = new List<int>();
        foreach (var name in _sections.Select(s => s.Name).Append(".shstrtab"))
        {
            nameOffsets.Add((int)names.Length);
            names.Write(Encoding.ASCII.GetBytes(name));
            names.WriteByte(0);
        }

        Align(file, 16);
        var namesOffset = file.Position;
        file.Write(names.ToArray());
        Align(file, 8);
        var sectionHeadersOffset = file.Position;
        var sectionCount = _sections.Count + 2;
        var headers = new byte[64 * sectionCount];
        for (var i = 0; i < _sections.Count; i++)
        {
            WriteSectionHeader(headers.AsSpan(64 * (i + 1)), nameOffsets[i], _sections[i].Type, _sections[i].Address, offsets[i], _sections[i].Data.Length);
        }

        WriteSectionHeader(headers.AsSpan(64 * (sectionCount - 1)), nameOffsets[^1], 3, 0, namesOffset, names.Length);
        file.Write(headers);

        var bytes = file.ToArray();
        var header = bytes.AsSpan();
        "\u007FELF"u8.CopyTo(header);
        header[4] = 2; // 64-bit
        header[5] = 1; // little endian
        header[6] = 1; // ELF version
        BinaryPrimitives.WriteUInt16LittleEndian(header[16..], FileType);
        BinaryPrimitives.WriteUInt16LittleEndian(header[18..], 62); // x86-64
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(header[32..], _segments.Count > 0 ? 64UL : 0); // e_phoff
        BinaryPrimitives.WriteUInt64LittleEndian(header[40..], withSectionHeaders ? (ulong)sectionHeadersOffset : 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header[52..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(header[54..], 56);
        BinaryPrimitives.WriteUInt16LittleEndian(header[56..], (ushort)_segments.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(header[58..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(header[60..], withSectionHeaders ? (ushort)sectionCount : (ushort)0);
        BinaryPrimitives.WriteUInt16LittleEndian(header[62..], withSectionHeaders ? (ushort)(sectionCount - 1) : (ushort)0);
        for (var i = 0; i < _segments.Count; i++)
        {
            var (section, address, flags) = _segments[i];
            var entry = header.Slice(64 + (56 * i), 56);
            BinaryPrimitives.WriteUInt32LittleEndian(entry, 1); // PT_LOAD
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], flags);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], (ulong)offsets[section]);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[16..], address);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[24..], address);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[32..], (ulong)_sections[section].Data.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[40..], (ulong)_sections[section].Data.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[48..], 0x1000);
        }

        return bytes;
    }

    private static void WriteSectionHeader(Span<byte> entry, int name, uint type, ulong address, long offset, long size)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(entry, (uint)name);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], type);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[16..], address);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[24..], (ulong)offset);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[32..], (ulong)size);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[48..], 1);
    }

    private static void Align(MemoryStream stream, int alignment)
    {
        while (stream.Position % alignment != 0)
        {
            stream.WriteByte(0);
        }
    }
}
