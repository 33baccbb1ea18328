using System.Buffers.Binary;
using Tether.Core.Errors;

namespace Tether.Scanner.Analyze.Os.Rpm;

/// <summary>
/// rpm's "ndb" database, <c>Packages.db</c> (SUSE Linux Enterprise 15 and openSUSE before their move to SQLite),
/// laid out by rpm's <c>lib/backend/ndb/rpmpkg.c</c>, all integers little-endian:
/// <list type="bullet">
/// <item>a 32-byte header — magic <c>RpmP</c>, version 0, generation, the number of 4 KiB slot pages;</item>
/// <item>the slot pages (the header takes the first two 16-byte slots): <c>Slot</c>, package index (0 = free),
/// block offset and block count, in 16-byte blocks;</item>
/// <item>at each used slot's block, a 16-byte blob header — <c>BlbS</c>, package index, Adler-32, length — then the
/// header blob. The checksum is not verified: the header's own bounds checks catch what corruption matters.</item>
/// </list>
/// </summary>
public sealed class RpmNdbAnalyzer : IFileAnalyzer
{
    /// <summary>Most slot pages read: 2048 pages hold 524,286 packages.</summary>
    public const int MaxSlotPages = 2048;

    private const int SlotPageSize = 4096;
    private const int SlotSize = 16;
    private const int BlockSize = 16;

    public string Name => "rpm-ndb";

    public long MaxBytes => 512L << 20;

    public bool Wants(string path) => RpmDatabasePaths.Is(path, "Packages.db");

    public IReadOnlyList<ScannedPackage> Analyze(string path, ReadOnlyMemory<byte> content)
    {
        ArgumentNullException.ThrowIfNull(path);
        var span = content.Span;
        if (content.Length > MaxBytes)
        {
            throw new InputException(path, null, $"is {content.Length} bytes, over the {MaxBytes}-byte limit.");
        }

        if (span.Length < 32 || !span.StartsWith("RpmP"u8))
        {
            throw new InputException(path, "header", "is not an rpm ndb database (no 'RpmP' magic).");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
        var slotPages = BinaryPrimitives.ReadUInt32LittleEndian(span[12..]);
        if (version != 0)
        {
            throw new InputException(path, "header", $"has ndb version {version}; only version 0 is known.");
        }

        if (slotPages is 0 or > MaxSlotPages || slotPages * SlotPageSize > (uint)span.Length)
        {
            throw new InputException(path, "header", $"declares {slotPages} slot pages; 1 to {MaxSlotPages} expected within the file's {span.Length} bytes.");
        }

        var packages = new List<ScannedPackage>();
        var budget = new FileListBudget(path);
        // The header occupies the first two slots.
        for (var at = 2 * SlotSize; at < slotPages * SlotPageSize; at += SlotSize)
        {
            var slot = span.Slice(at, SlotSize);
            var where = $"slot at byte {at}";
            if (!slot.StartsWith("Slot"u8))
            {
                throw new InputException(path, where, "has no 'Slot' magic.");
            }

            var index = BinaryPrimitives.ReadUInt32LittleEndian(slot[4..]);
            if (index == 0)
            {
                continue;
            }

            var blockOffset = (long)BinaryPrimitives.ReadUInt32LittleEndian(slot[8..]) * BlockSize;
            var blockBytes = (long)BinaryPrimitives.ReadUInt32LittleEndian(slot[12..]) * BlockSize;
            if (blockBytes < 2 * BlockSize || blockOffset + blockBytes > span.Length)
            {
                throw new InputException(path, where, $"package {index}'s blocks ({blockBytes} bytes at {blockOffset}) fall outside the file's {span.Length} bytes.");
            }

            var blob = span.Slice((int)blockOffset, BlockSize);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(blob[12..]);
            if (!blob.StartsWith("BlbS"u8) || BinaryPrimitives.ReadUInt32LittleEndian(blob[4..]) != index)
            {
                throw new InputException(path, where, $"package {index}'s blob at byte {blockOffset} has no 'BlbS' magic or another package index.");
            }

            if (length > blockBytes - BlockSize)
            {
                throw new InputException(path, where, $"package {index}'s blob of {length} bytes is longer than its {blockBytes}-byte blocks.");
            }

            var record = $"package {index}";
            if (RpmPackageReader.Read(content.Slice((int)blockOffset + BlockSize, (int)length), path, record, budget) is { } package)
            {
                packages.Add(package);
            }
        }

        return packages;
    }
}
