using Tether.Core.Errors;

namespace Tether.Pipeline.Collect;

/// <summary>Reads an input file whole, refusing it before reading when it is over the limit for its kind.</summary>
public static class BoundedFile
{
    /// <param name="path">Where the file is.</param>
    /// <param name="shownAs">How errors name it (the path as the user wrote it).</param>
    /// <param name="maxBytes">The limit for this kind of file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<byte[]> ReadAsync(string path, string shownAs, int maxBytes, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new InputException(shownAs, null, "does not exist.");
        }

        if (info.Length > maxBytes)
        {
            throw new InputException(shownAs, null, $"{info.Length} bytes is over the {maxBytes}-byte limit for this file.");
        }

        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InputException(shownAs, null, "cannot be read: " + e.Message, e);
        }
        catch (IOException e)
        {
            throw new InputException(shownAs, null, "cannot be read: " + e.Message, e);
        }
    }
}
