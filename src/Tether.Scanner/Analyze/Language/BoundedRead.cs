using Tether.Core.Errors;

namespace Tether.Scanner.Analyze.Language;

/// <summary>Reads a decompressing stream to its end, refusing more than a limit: how decompression bombs are stopped.</summary>
internal static class BoundedRead
{
    public static byte[] ReadAll(Stream stream, long limit, string source, string field)
    {
        using var output = new MemoryStream();
        var buffer = new byte[81_920];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (output.Length + read > limit)
            {
                throw new InputException(source, field, $"expands to more than {limit} bytes; not read further (a decompression bomb?).");
            }

            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }
}
