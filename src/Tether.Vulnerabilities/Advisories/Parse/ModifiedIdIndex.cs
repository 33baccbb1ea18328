using System.Globalization;
using System.Text;
using Tether.Core.Errors;

namespace Tether.Vulnerabilities.Advisories.Parse;

/// <summary>
/// OSV's <c>modified_id.csv</c>: one <c>&lt;modified&gt;,&lt;id&gt;</c> line per record (newest first), beside the
/// records of an export. In the export's root index the id carries its ecosystem folder
/// (<c>PyPI/GHSA-…</c>); the folder is dropped, since records are named by id alone.
/// </summary>
public static class ModifiedIdIndex
{
    /// <exception cref="InputException">A line is not <c>timestamp,id</c>; the message names the line.</exception>
    public static IReadOnlyDictionary<string, DateTimeOffset> Parse(ReadOnlySpan<byte> csv, string source, OsvLimits? limits = null)
    {
        limits ??= OsvLimits.Default;
        if (csv.Length > limits.MaxIndexBytes)
        {
            throw new InputException(source, null, $"{csv.Length} bytes is over the {limits.MaxIndexBytes}-byte limit for an index.");
        }

        var index = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var line = 0;
        foreach (var raw in Encoding.UTF8.GetString(csv).Split('\n'))
        {
            line++;
            var text = raw.TrimEnd('\r').Trim();
            if (text.Length == 0)
            {
                continue;
            }

            var comma = text.IndexOf(',', StringComparison.Ordinal);
            if (comma <= 0
                || !DateTimeOffset.TryParse(text[..comma], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var modified))
            {
                // OSV's files have no header; tolerate one rather than reject the index.
                if (line == 1 && text.StartsWith("modified", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                throw new InputException(source, $"line {line}", "is not '<modified>,<id>'.");
            }

            var id = text[(comma + 1)..].Trim();
            var slash = id.LastIndexOf('/');
            id = slash >= 0 ? id[(slash + 1)..] : id;
            if (id.Length == 0)
            {
                throw new InputException(source, $"line {line}", "has no id.");
            }

            // Should an id appear twice, the newest time is the one to compare with.
            if (!index.TryGetValue(id, out var seen) || seen < modified)
            {
                index[id] = modified;
            }
        }

        return index;
    }
}
