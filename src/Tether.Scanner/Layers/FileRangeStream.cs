using Microsoft.Win32.SafeHandles;

namespace Tether.Scanner.Layers;

/// <summary>
/// A read-only window of <paramref name="length"/> bytes at <paramref name="offset"/> of a file (a blob inside a
/// <c>docker save</c> tar, a file of a root filesystem): reads go through <see cref="RandomAccess"/>, so windows on one
/// file never share a position, and never past the window, so a neighbouring entry cannot leak in. A file that ends
/// before the window does (truncated, or shrunk since it was indexed) raises <see cref="EndOfStreamException"/>.
/// </summary>
internal sealed class FileRangeStream(SafeFileHandle handle, long offset, long length, bool ownsHandle, string source) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = Wanted(buffer.Length);
        if (wanted == 0)
        {
            return 0;
        }

        return Advance(RandomAccess.Read(handle, buffer[..wanted], offset + _position));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = Wanted(buffer.Length);
        if (wanted == 0)
        {
            return 0;
        }

        return Advance(await RandomAccess.ReadAsync(handle, buffer[..wanted], offset + _position, cancellationToken).ConfigureAwait(false));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && ownsHandle)
        {
            handle.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Wanted(int room) => (int)Math.Min(room, Math.Max(0, length - _position));

    private int Advance(int read)
    {
        if (read == 0)
        {
            throw new EndOfStreamException($"{source}: the file ends {length - _position:N0} bytes before the {length:N0}-byte entry does (truncated, or changed while being read)");
        }

        _position += read;
        return read;
    }
}
