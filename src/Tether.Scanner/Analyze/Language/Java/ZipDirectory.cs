using System.Buffers.Binary;
using Tether.Core.Errors;

namespace Tether.Scanner.Analyze.Language.Java;

/// <summary>
/// Reads a zip's end-of-central-directory record (and its zip64 form) to learn how many entries the archive
/// declares before <see cref="System.IO.Compression.ZipArchive"/> materializes them all: a small hostile file can
/// declare millions of tiny entries.
/// </summary>
internal static class ZipDirectory
{
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const int EndSize = 22;
    private const int MaxCommentLength = 0xffff;

    /// <summary>The declared entry count, or null when no end record is found (then the bytes are not a zip).</summary>
    public static ulong? DeclaredEntries(ReadOnlySpan<byte> zip)
    {
        var earliest = Math.Max(0, zip.Length - EndSize - MaxCommentLength);
        for (var at = zip.Length - EndSize; at >= earliest; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip[at..]) != EndSignature)
            {
                continue;
            }

            var entries = BinaryPrimitives.ReadUInt16LittleEndian(zip[(at + 10)..]);
            return entries == 0xffff ? Zip64Entries(zip, at) ?? entries : entries;
        }

        return null;
    }

    public static void EnsureAtMost(ReadOnlySpan<byte> zip, int maxEntries, string source, string field)
    {
        if (DeclaredEntries(zip) is { } entries && entries > (ulong)maxEntries)
        {
            throw new InputException(source, field, $"declares {entries} entries; at most {maxEntries} are read.");
        }
    }

    private static ulong? Zip64Entries(ReadOnlySpan<byte> zip, int endAt)
    {
        var locator = endAt - 20;
        if (locator < 0 || BinaryPrimitives.ReadUInt32LittleEndian(zip[locator..]) != Zip64LocatorSignature)
        {
            return null;
        }

        var recordAt = BinaryPrimitives.ReadUInt64LittleEndian(zip[(locator + 8)..]);
        if (recordAt > (ulong)(zip.Length - 56) || zip.Length < 56)
        {
            return null;
        }

        var record = zip[(int)recordAt..];
        return BinaryPrimitives.ReadUInt32LittleEndian(record) == Zip64EndSignature ? BinaryPrimitives.ReadUInt64LittleEndian(record[32..]) : null;
    }
}
