using Tether.Core.Errors;

namespace Tether.Vulnerabilities.Advisories.Import;

/// <summary>
/// Reads documents into one reusable buffer, each up to a size cap, and counts every byte against the
/// import's total: a zip entry that claims 1 KB and inflates to 10 GB is stopped at the cap, having
/// decompressed no more than that.
/// </summary>
internal sealed class BoundedReader(int maxDocumentBytes, long maxTotalBytes)
{
    private byte[] _buffer = new byte[64 * 1024];

    public long TotalBytes { get; private set; }

    /// <summary>The document's bytes (valid until the next read), or null when it is over <c>maxDocumentBytes</c>.</summary>
    /// <exception cref="InputException">The import as a whole read more than <c>maxTotalBytes</c>.</exception>
    public async Task<ReadOnlyMemory<byte>?> ReadAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            if (length == _buffer.Length)
            {
                if (_buffer.Length > maxDocumentBytes)
                {
                    return null;
                }

                Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, maxDocumentBytes + 1L));
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return _buffer.AsMemory(0, length);
            }

            length += read;
            TotalBytes += read;
            if (TotalBytes > maxTotalBytes)
            {
                throw new InputException(source, null,
                    $"the import has read more than {maxTotalBytes} bytes (decompressed); stopping: is this a zip bomb?");
            }

            if (length > maxDocumentBytes)
            {
                return null;
            }
        }
    }
}
