using System.Net;
using Tether.Core.Errors;

namespace Tether.Vulnerabilities.Advisories.Import;

/// <summary>
/// Downloads an http(s) input to a temporary file that deletes itself when closed, so the file (an all.zip can be
/// a gigabyte) is read as a seekable archive without ever being held in memory. Bounded in size and in idle time.
/// Plain http is allowed only to loopback (a local mirror): advisories decide what is reported vulnerable.
/// </summary>
internal static class FeedDownloader
{
    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient { Timeout = TimeSpan.FromMinutes(5) });

    public static async Task<FileStream> DownloadAsync(Uri uri, AdvisoryImportOptions options, CancellationToken cancellationToken)
    {
        var name = InputNames.Url(uri);
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            throw new InputException(name, null, "plain http is allowed only for loopback addresses; use https.");
        }

        var http = options.HttpClient ?? SharedClient.Value;
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{name}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }

        var max = options.Limits.MaxDownloadBytes;
        if (response.Content.Headers.ContentLength > max)
        {
            throw new InputException(name, null, $"is {response.Content.Headers.ContentLength} bytes, over the {max}-byte download limit.");
        }

        var path = Path.Combine(Path.GetTempPath(), $"tether-download-{Guid.NewGuid():N}");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81_920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[81_920];
            long total = 0;
            while (true)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                idle.CancelAfter(options.DownloadIdleTimeout);
                int read;
                try
                {
                    read = await body.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new HttpRequestException($"{name}: no data for {options.DownloadIdleTimeout.TotalSeconds:0} s; the download stalled.", e, HttpStatusCode.RequestTimeout);
                }

                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > max)
                {
                    throw new InputException(name, null, $"is over the {max}-byte download limit.");
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
