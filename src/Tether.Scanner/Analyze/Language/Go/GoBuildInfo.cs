using System.Text;
using Tether.Core.Errors;
using Tether.Scanner.Analyze.Language.Elf;

namespace Tether.Scanner.Analyze.Language.Go;

/// <summary>
/// The build information the Go linker embeds in every binary (what <c>go version -m</c> prints): the toolchain
/// version and the module information text. It sits in the <c>.go.buildinfo</c> section, or, when section headers
/// were stripped, at a 16-byte aligned spot near the start of the first writable segment, behind the 14-byte magic
/// <c>\xff Go buildinf:</c>. Go 1.18 and later store both strings inline (varint length prefixed); Go 1.13 to
/// 1.17 store pointers to Go string headers, resolved here through the loadable segments.
/// </summary>
internal static class GoBuildInfo
{
    private const int HeaderSize = 32;
    private const int Alignment = 16;
    private const int SearchWindow = 64 * 1024;
    private const int MaxStringLength = 4 * 1024 * 1024;
    private const byte FlagBigEndian = 1;
    private const byte FlagInline = 2;

    // 0xFF then ASCII; a C# "\xff" would be U+00FF, two bytes in UTF-8.
    private static readonly byte[] Magic = [0xFF, .. " Go buildinf:"u8];

    /// <summary>The toolchain version and module text, or null when the ELF file is not a Go binary (no build info).</summary>
    public static (string GoVersion, string ModuleInfo)? Read(ElfFile elf, string source)
    {
        var region = elf.SectionData(".go.buildinfo") ?? elf.FirstDataSegment();
        if (region is not { } data)
        {
            return null;
        }

        var header = FindHeader(data.Span[..Math.Min(data.Length, SearchWindow)]);
        if (header < 0)
        {
            return null;
        }

        var blob = data[header..];
        var flags = blob.Span[15];
        ReadOnlyMemory<byte> version, modules;
        if ((flags & FlagInline) != 0)
        {
            var rest = blob[HeaderSize..];
            version = ReadInlineString(ref rest, source, "Go version");
            modules = ReadInlineString(ref rest, source, "module info");
        }
        else
        {
            var pointerSize = blob.Span[14];
            if (pointerSize != elf.PointerSize || (flags & FlagBigEndian) != 0 != elf.BigEndian)
            {
                throw new InputException(source, "Go build info header", $"pointer size {pointerSize} or byte order does not match the ELF file.");
            }

            version = ReadPointedString(elf, blob.Span[16..], source, "Go version");
            modules = ReadPointedString(elf, blob.Span[(16 + pointerSize)..], source, "module info");
        }

        return (Encoding.UTF8.GetString(version.Span), Encoding.UTF8.GetString(StripSentinels(modules.Span)));
    }

    private static int FindHeader(ReadOnlySpan<byte> data)
    {
        for (var at = 0; at + HeaderSize <= data.Length; at += Alignment)
        {
            if (data[at..].StartsWith(Magic))
            {
                return at;
            }
        }

        return -1;
    }

    private static ReadOnlyMemory<byte> ReadInlineString(ref ReadOnlyMemory<byte> data, string source, string field)
    {
        var span = data.Span;
        ulong length = 0;
        var shift = 0;
        var used = 0;
        while (true)
        {
            if (used >= span.Length || shift > 63)
            {
                throw new InputException(source, field, "its length prefix is truncated.");
            }

            var b = span[used++];
            length |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                break;
            }

            shift += 7;
        }

        if (length > MaxStringLength || length > (ulong)(span.Length - used))
        {
            throw new InputException(source, field, $"claims {length} bytes; {span.Length - used} remain (at most {MaxStringLength} are read).");
        }

        var text = data.Slice(used, (int)length);
        data = data[(used + (int)length)..];
        return text;
    }

    // Go 1.13–1.17: the header holds the address of a Go string header { data pointer, length }.
    private static ReadOnlyMemory<byte> ReadPointedString(ElfFile elf, ReadOnlySpan<byte> pointer, string source, string field)
    {
        var size = (ulong)elf.PointerSize;
        var headerAddress = elf.ReadPointer(pointer);
        var stringHeader = elf.ReadAddress(headerAddress, 2 * size)
            ?? throw new InputException(source, field, $"its string header at 0x{headerAddress:x} is not in the file.");
        var dataAddress = elf.ReadPointer(stringHeader.Span);
        var length = elf.ReadPointer(stringHeader.Span[(int)size..]);
        if (length > MaxStringLength)
        {
            throw new InputException(source, field, $"claims {length} bytes; at most {MaxStringLength} are read.");
        }

        if (length == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        return elf.ReadAddress(dataAddress, length)
            ?? throw new InputException(source, field, $"its {length} bytes at 0x{dataAddress:x} are not in the file.");
    }

    // The module text is wrapped in two 16-byte sentinels so the linker can find it; the text proper ends with '\n'.
    private static ReadOnlySpan<byte> StripSentinels(ReadOnlySpan<byte> modules) =>
        modules.Length >= 33 && modules[^17] == (byte)'\n' ? modules[16..^16] : [];
}
