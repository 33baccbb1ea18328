using System.Globalization;
using System.Text;

namespace Tether.Scanner.Analyze.Language.Java;

/// <summary>
/// Java <c>.properties</c> text (Maven's <c>pom.properties</c>): <c>key=value</c>, <c>key: value</c> or
/// <c>key value</c>; <c>#</c> and <c>!</c> comments; a trailing backslash continues the line; <c>\uXXXX</c> and the
/// usual escapes. ISO-8859-1 per the Properties spec, which UTF-8 ASCII content reads the same in.
/// </summary>
internal static class JavaProperties
{
    public static IReadOnlyDictionary<string, string> Parse(ReadOnlySpan<byte> content)
    {
        var text = Encoding.Latin1.GetString(content);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var logical = new StringBuilder();
        foreach (var span in text.AsSpan().EnumerateLines())
        {
            var line = span.TrimStart();
            if (logical.Length == 0 && (line.IsEmpty || line[0] is '#' or '!'))
            {
                continue;
            }

            if (EndsWithContinuation(line))
            {
                logical.Append(line[..^1]);
                continue;
            }

            logical.Append(line);
            Add(logical.ToString(), values);
            logical.Clear();
        }

        if (logical.Length > 0)
        {
            Add(logical.ToString(), values);
        }

        return values;
    }

    // An odd number of trailing backslashes continues the line; an even number is escaped backslashes.
    private static bool EndsWithContinuation(ReadOnlySpan<char> line)
    {
        var count = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
        {
            count++;
        }

        return count % 2 == 1;
    }

    private static void Add(string line, Dictionary<string, string> into)
    {
        var end = 0;
        while (end < line.Length && line[end] is not ('=' or ':' or ' ' or '\t' or '\f'))
        {
            end += line[end] == '\\' ? 2 : 1;
        }

        end = Math.Min(end, line.Length);
        var rest = end;
        while (rest < line.Length && line[rest] is ' ' or '\t' or '\f')
        {
            rest++;
        }

        if (rest < line.Length && line[rest] is '=' or ':')
        {
            rest++;
        }

        var key = Unescape(line[..end]);
        into[key] = Unescape(line[rest..].TrimStart(' ', '\t', '\f'));
    }

    private static string Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\' || i == value.Length - 1)
            {
                result.Append(value[i]);
                continue;
            }

            var next = value[++i];
            switch (next)
            {
                case 't': result.Append('\t'); break;
                case 'n': result.Append('\n'); break;
                case 'r': result.Append('\r'); break;
                case 'f': result.Append('\f'); break;
                case 'u' when i + 4 < value.Length && ushort.TryParse(value.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    result.Append((char)code);
                    i += 4;
                    break;
                default: result.Append(next); break;
            }
        }

        return result.ToString();
    }
}
