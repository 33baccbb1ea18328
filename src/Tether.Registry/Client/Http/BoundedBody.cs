using System.Buffers;

namespace Tether.Registry.Client.Http;

/// <summary>Reads a response body into memory, refusing more than a cap and telling a cut-off body apart.</summary>
internal static class BoundedBody
{
    public enum Outcome
    {
        Complete,
        TooLarge,
        Truncated,
        /// <summary>The body stopped arriving: HttpClient's timeout ends at the headers, so the body has its own.</summary>
        Stalled,
    }

    public static async Task<(Outcome Outcome, byte[] Bytes, long? AnnouncedLength)> ReadAsync(
        HttpContent content, int maxBytes, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            return await ReadCoreAsync(content, maxBytes, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (Outcome.Stalled, [], content.Headers.ContentLength);
        }
    }

    private static async Task<(Outcome Outcome, byte[] Bytes, long? AnnouncedLength)> ReadCoreAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        var announced = content.Headers.ContentLength;
        if (announced > maxBytes)
        {
            return (Outcome.TooLarge, [], announced);
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(announced ?? 16 * 1024, maxBytes) + 1);
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    var memory = buffer.GetMemory(16 * 1024);
                    var read = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    buffer.Advance(read);
                    if (buffer.WrittenCount > maxBytes)
                    {
                        return (Outcome.TooLarge, [], announced);
                    }
                }
            }
        }
        catch (IOException)
        {
            // HttpClient reports a connection closed before Content-Length bytes as an IOException.
            return (Outcome.Truncated, [], announced);
        }
        catch (HttpRequestException)
        {
            return (Outcome.Truncated, [], announced);
        }

        if (announced is { } length && buffer.WrittenCount != length)
        {
            return (Outcome.Truncated, [], announced);
        }

        return (Outcome.Complete, buffer.WrittenSpan.ToArray(), announced);
    }
}
