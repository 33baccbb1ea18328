using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tether.Cli.Presentation;

/// <summary>
/// Where a JSON string value first appears in a document's text, as a one-line region. SARIF results point at the
/// package's purl in the SBOM, so code scanning annotates that line and tells apart alerts of one vulnerability in two
/// packages of the same file (its fingerprints hash the line).
/// </summary>
public static class TextRegions
{
    /// <summary>
    /// The region of <paramref name="value"/> written as a JSON string in <paramref name="json"/> (inside its quotes),
    /// escaped as producers write it: as is, or with <c>&amp;</c> and other HTML characters as <c>\u0026</c> (Go's
    /// encoder, which Syft uses). Null when it is not there.
    /// </summary>
    public static FindingRegion? FindJsonString(string json, string value)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(value);
        foreach (var spelling in Spellings(value))
        {
            var at = json.IndexOf(spelling, StringComparison.Ordinal);
            if (at >= 0)
            {
                return RegionAt(json, at + 1, spelling.Length - 2);
            }
        }

        return null;
    }

    private static IEnumerable<string> Spellings(string value)
    {
        var plain = $"\"{JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}\"";
        var escaped = $"\"{JsonEncodedText.Encode(value, JavaScriptEncoder.Default)}\"";
        // .NET writes \u003C, Go \u003c: try both cases of the hex digits.
        return new[] { plain, escaped, LowerHex(escaped) }.Distinct(StringComparer.Ordinal);
    }

    private static string LowerHex(string escaped)
    {
        var chars = escaped.ToCharArray();
        for (var i = 0; i + 5 < chars.Length; i++)
        {
            if (chars[i] == '\\' && chars[i + 1] == 'u')
            {
                for (var j = i + 2; j < i + 6; j++)
                {
                    chars[j] = char.ToLowerInvariant(chars[j]);
                }
            }
        }

        return new string(chars);
    }

    private static FindingRegion RegionAt(string text, int index, int length)
    {
        var before = text.AsSpan(0, index);
        var line = before.Count('\n') + 1;
        var column = index - (before.LastIndexOf('\n') + 1) + 1;
        return new FindingRegion(line, column, column + length);
    }
}
