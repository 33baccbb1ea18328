using System.Text;
using System.Text.Json;

namespace Tether.Cli.Presentation;

/// <summary>
/// Where JSON string values first appear in a document, as one-line regions. SARIF results point at the package's
/// purl in the SBOM, so code scanning annotates that line and tells apart alerts of one vulnerability in two packages
/// of the same file (its fingerprints hash the line).
/// </summary>
public static class TextRegions
{
    private const int MaxDepth = 1024;

    /// <summary>
    /// The first region of each of <paramref name="values"/> that occurs as a string value (not a property name) in
    /// <paramref name="utf8Json"/>, compared after unescaping (Syft writes <c>&amp;</c> as <c>\u0026</c>). The region
    /// spans the value as written, inside its quotes; columns count UTF-16 code units. One pass over the document,
    /// whatever the number of values; values not found are absent. A document that does not read as JSON (it was
    /// parsed before, so this is not expected) yields the regions found up to the fault.
    /// </summary>
    public static IReadOnlyDictionary<string, FindingRegion> FindJsonStrings(ReadOnlySpan<byte> utf8Json, IReadOnlySet<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var found = new Dictionary<string, FindingRegion>(StringComparer.Ordinal);
        if (values.Count == 0)
        {
            return found;
        }

        // An unescaped value is never longer than its UTF-8 text: shorter tokens cannot be one of the values.
        var shortest = values.Min(v => v.Length);
        var json = utf8Json.StartsWith("\uFEFF"u8) ? utf8Json[3..] : utf8Json;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var position = new Position();
        try
        {
            while (found.Count < values.Count && reader.Read())
            {
                if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length < shortest)
                {
                    continue;
                }

                var value = reader.GetString()!;
                if (!values.Contains(value) || found.ContainsKey(value))
                {
                    continue;
                }

                // TokenStartIndex of a string is its opening quote.
                position.MoveTo(json, (int)reader.TokenStartIndex);
                var start = position.Column + 2;
                found[value] = new FindingRegion(position.Line, start, start + Encoding.UTF8.GetCharCount(reader.ValueSpan));
            }
        }
        catch (JsonException)
        {
            // Keep what was found; a region is a convenience, never a reason to fail the report.
        }

        return found;
    }

    /// <summary>A forward-only cursor over UTF-8 text: line (1-based) and UTF-16 units before it on its line.</summary>
    private sealed class Position
    {
        private int _offset;

        public int Line { get; private set; } = 1;

        public int Column { get; private set; }

        public void MoveTo(ReadOnlySpan<byte> text, int offset)
        {
            var span = text[_offset..offset];
            for (var newline = span.IndexOf((byte)'\n'); newline >= 0; newline = span.IndexOf((byte)'\n'))
            {
                Line++;
                Column = 0;
                span = span[(newline + 1)..];
            }

            Column += Encoding.UTF8.GetCharCount(span);
            _offset = offset;
        }
    }
}
