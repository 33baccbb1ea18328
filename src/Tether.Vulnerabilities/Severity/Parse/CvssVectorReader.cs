using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Tether.Vulnerabilities.Severity.Parse;

/// <summary>
/// Reads a CVSS vector string strictly: the version prefix (none for v2, optionally wrapped in NVD's
/// parentheses), then <c>METRIC:VALUE</c> pairs separated by <c>/</c>. Pure and bounded: the input is
/// capped at <see cref="MaxLength"/> characters before anything else is looked at, and every failure is a
/// message naming the vector and the metric, never an exception.
/// </summary>
internal static class CvssVectorReader
{
    /// <summary>
    /// Longest vector accepted. The longest legal vector (v4.0 with every metric, U:Amber) is about 190
    /// characters; anything far beyond that is not a CVSS vector.
    /// </summary>
    public const int MaxLength = 512;

    private const string Prefix = "CVSS:";

    public static bool TryRead(string? text, [NotNullWhen(true)] out ParsedVector? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        if (text is null)
        {
            error = "no CVSS vector (null)";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"CVSS vector {Quote(text)} is {text.Length} characters long; the limit is {MaxLength}";
            return false;
        }

        var vector = text.Trim();
        if (vector.Length == 0)
        {
            error = "empty CVSS vector";
            return false;
        }

        CvssMetricSet set;
        string body;
        if (vector.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var slash = vector.IndexOf('/', StringComparison.Ordinal);
            var label = slash < 0 ? vector[Prefix.Length..] : vector[Prefix.Length..slash];
            CvssMetricSet? known = label switch
            {
                "3.0" => Cvss3Metrics.V30,
                "3.1" => Cvss3Metrics.V31,
                "4.0" => Cvss4Metrics.Set,
                _ => null,
            };
            if (known is null)
            {
                error = $"CVSS vector {Quote(vector)}: unsupported version '{Sanitize(label)}' (Tether reads CVSS:3.0, CVSS:3.1, CVSS:4.0 and unprefixed v2)";
                return false;
            }

            if (slash < 0 || slash == vector.Length - 1)
            {
                error = $"CVSS vector {Quote(vector)}: no metrics after the 'CVSS:{label}' prefix";
                return false;
            }

            set = known;
            body = vector[(slash + 1)..];
        }
        else if (vector.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            error = $"CVSS vector {Quote(vector)}: the version prefix is written 'CVSS:' (upper case)";
            return false;
        }
        else
        {
            // v2 has no prefix. NVD's v2 feeds wrapped the vector in parentheses: "(AV:N/AC:L/...)".
            var open = vector.StartsWith('(');
            var close = vector.EndsWith(')');
            if (open != close || (open && vector.Length < 2))
            {
                error = $"CVSS vector {Quote(vector)}: unbalanced parentheses";
                return false;
            }

            if (open)
            {
                vector = vector[1..^1];
            }

            if (vector.Length == 0)
            {
                error = "empty CVSS vector '()'";
                return false;
            }

            set = Cvss2Metrics.Set;
            body = vector;
        }

        return TryReadMetrics(vector, body, set, out parsed, out error);
    }

    private static bool TryReadMetrics(string vector, string body, CvssMetricSet set, [NotNullWhen(true)] out ParsedVector? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        var version = set.Version.Label();
        var values = new string?[set.Count];
        var given = new List<int>(set.Count);
        var last = -1;
        var position = 0;
        var rest = body.AsSpan();
        while (true)
        {
            position++;
            var slash = rest.IndexOf('/');
            var pair = slash < 0 ? rest : rest[..slash];
            if (pair.IsEmpty)
            {
                error = $"CVSS vector {Quote(vector)}: empty metric at position {position} (a stray '/')";
                return false;
            }

            var colon = pair.IndexOf(':');
            if (colon <= 0 || colon == pair.Length - 1 || pair[(colon + 1)..].Contains(':'))
            {
                error = $"CVSS vector {Quote(vector)}: '{Sanitize(pair)}' at position {position} is not METRIC:VALUE";
                return false;
            }

            var name = pair[..colon];
            var value = pair[(colon + 1)..];
            var index = set.IndexOf(name);
            if (index < 0)
            {
                var hint = set.FindIgnoringCase(name) is { } near ? $" (names are case-sensitive: '{near.Name}')" : "";
                error = $"CVSS vector {Quote(vector)}: unknown metric '{Sanitize(name)}' for CVSS v{version}{hint}";
                return false;
            }

            var metric = set.Metrics[index];
            if (values[index] is not null)
            {
                error = $"CVSS vector {Quote(vector)}: metric {metric.Name} is given more than once";
                return false;
            }

            var allowed = metric.Match(value);
            if (allowed is null)
            {
                error = $"CVSS vector {Quote(vector)}: metric {metric.Name} has value '{Sanitize(value)}'; CVSS v{version} allows {string.Join(", ", metric.Values)}";
                return false;
            }

            if (set.FixedOrder && index < last)
            {
                error = $"CVSS vector {Quote(vector)}: metric {metric.Name} must come before {set.Metrics[last].Name}; CVSS v{version} fixes the order {string.Join("/", set.Metrics.Select(m => m.Name))}";
                return false;
            }

            values[index] = allowed;
            given.Add(index);
            last = Math.Max(last, index);
            if (slash < 0)
            {
                break;
            }

            rest = rest[(slash + 1)..];
        }

        List<string>? missing = null;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is null && set.Metrics[i].Mandatory)
            {
                (missing ??= []).Add(set.Metrics[i].Name);
            }
        }

        if (missing is not null)
        {
            error = $"CVSS vector {Quote(vector)}: missing base metric{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}";
            return false;
        }

        parsed = new ParsedVector(vector, set, values, given);
        error = null;
        return true;
    }

    /// <summary>The vector for an error message: quoted, printable, and short even when the input is not.</summary>
    internal static string Quote(string text)
    {
        const int shown = 100;
        return "'" + Sanitize(text, shown) + "'";
    }

    /// <summary>A fragment of the input for an error message: printable ASCII, at most <paramref name="max"/> characters.</summary>
    private static string Sanitize(ReadOnlySpan<char> text, int max = 40)
    {
        var builder = new StringBuilder(Math.Min(text.Length, max) + 1);
        foreach (var c in text.Length > max ? text[..max] : text)
        {
            // Control characters and non-ASCII in an error message are how hostile input reaches a terminal.
            builder.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        if (text.Length > max)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }
}
