using System.Buffers.Binary;
using System.Text;

namespace Tether.Scanner.Tests.Analyze.Os.Rpm;

/// <summary>Builds rpm header blobs (il, dl, index entries, data store) to feed the parser valid and hostile headers.</summary>
internal sealed class HeaderBlob
{
    private readonly List<(int Tag, uint Type, int Offset, uint Count)> entries = [];
    private readonly List<byte> data = [];

    public HeaderBlob String(int tag, string value) => Add(tag, 6, 1, [.. Encoding.UTF8.GetBytes(value), 0]);

    public HeaderBlob Strings(int tag, params string[] values) =>
        Add(tag, 8, (uint)values.Length, [.. values.SelectMany(v => (byte[])[.. Encoding.UTF8.GetBytes(v), 0])]);

    public HeaderBlob Int32s(int tag, params int[] values)
    {
        while (data.Count % 4 != 0)
        {
            data.Add(0);
        }

        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return Add(tag, 4, (uint)values.Length, bytes);
    }

    /// <summary>An entry with whatever type, offset and count, pointing at no data of its own.</summary>
    public HeaderBlob Raw(int tag, uint type, int offset, uint count)
    {
        entries.Add((tag, type, offset, count));
        return this;
    }

    public byte[] Build(uint? indexCount = null, uint? dataLength = null)
    {
        var blob = new byte[8 + (entries.Count * 16) + data.Count];
        BinaryPrimitives.WriteUInt32BigEndian(blob, indexCount ?? (uint)entries.Count);
        BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(4), dataLength ?? (uint)data.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var at = blob.AsSpan(8 + (i * 16));
            BinaryPrimitives.WriteInt32BigEndian(at, entries[i].Tag);
            BinaryPrimitives.WriteUInt32BigEndian(at[4..], entries[i].Type);
            BinaryPrimitives.WriteInt32BigEndian(at[8..], entries[i].Offset);
            BinaryPrimitives.WriteUInt32BigEndian(at[12..], entries[i].Count);
        }

        data.CopyTo(blob, 8 + (entries.Count * 16));
        return blob;
    }

    /// <summary>A minimal valid package header.</summary>
    public static HeaderBlob Package(string name = "openssl-libs") => new HeaderBlob()
        .String(1000, name)
        .String(1001, "3.0.7")
        .String(1002, "18.el9_2")
        .Int32s(1003, 1)
        .String(1022, "x86_64")
        .String(1044, "openssl-3.0.7-18.el9_2.src.rpm")
        .String(1014, "ASL 2.0");

    private HeaderBlob Add(int tag, uint type, uint count, byte[] bytes)
    {
        entries.Add((tag, type, data.Count, count));
        data.AddRange(bytes);
        return this;
    }
}
