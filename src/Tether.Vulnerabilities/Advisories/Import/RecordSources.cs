using Tether.Core.Errors;

namespace Tether.Vulnerabilities.Advisories.Import;

/// <summary>Turns an input (path or http(s) URL) into a <see cref="RecordSource"/>, telling zip from JSON by content, not name.</summary>
internal static class RecordSources
{
    public static async Task<RecordSource> OpenAsync(string input, AdvisoryImportOptions options, CancellationToken cancellationToken)
    {
        if (InputNames.IsUrl(input, out var uri))
        {
            var download = await FeedDownloader.DownloadAsync(uri!, options, cancellationToken).ConfigureAwait(false);
            return await FromFileAsync(InputNames.Url(uri!), download, directory: null, downloaded: true, options, cancellationToken).ConfigureAwait(false);
        }

        if (Directory.Exists(input))
        {
            return new FolderSource(input);
        }

        return await FromFileAsync(input, OpenFile(input), Path.GetDirectoryName(Path.GetFullPath(input)), downloaded: false, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a named file for reading, as an <see cref="InputException"/> naming it when it cannot be.</summary>
    public static FileStream OpenFile(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81_920, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, null, e is FileNotFoundException or DirectoryNotFoundException ? "does not exist." : "cannot be read: " + e.Message, e);
        }
    }

    /// <summary>Reads the first bytes and rewinds: <c>PK\x03\x04</c> (or an empty archive's <c>PK\x05\x06</c>) is a zip.</summary>
    public static async Task<byte[]> SniffAsync(Stream stream, CancellationToken cancellationToken)
    {
        var magic = new byte[4];
        var read = 0;
        while (read < magic.Length)
        {
            var n = await stream.ReadAsync(magic.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        stream.Position = 0;
        return magic[..read];
    }

    private static async Task<RecordSource> FromFileAsync(string name, FileStream stream, string? directory, bool downloaded, AdvisoryImportOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var magic = await SniffAsync(stream, cancellationToken).ConfigureAwait(false);
            if (magic is [(byte)'P', (byte)'K', 3, 4] or [(byte)'P', (byte)'K', 5, 6])
            {
                return await ZipSource.OpenAsync(name, stream, directory, options.Limits.MaxZipEntries, cancellationToken).ConfigureAwait(false);
            }

            if (downloaded)
            {
                return new JsonFileSource(name, stream);
            }

            await stream.DisposeAsync().ConfigureAwait(false);
            return new JsonFileSource(name);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
