using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tether.Scanner.Output;

/// <summary>The writers' shared JSON setup: indented UTF-8, and text escaped only where JSON requires it.</summary>
internal static class JsonOutput
{
    // Relaxed escaping keeps '+', '<', '&' and non-ASCII readable ("1.2.13.dfsg-1+b1"); the output is a file, never HTML.
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            body(writer);
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>RFC 3339 in UTC to the second (<c>2026-11-22T12:00:00Z</c>), which both CycloneDX and SPDX accept.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static void StringIfAny(this Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }
}
