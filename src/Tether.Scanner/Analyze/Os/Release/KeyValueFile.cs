namespace Tether.Scanner.Analyze.Os.Release;

/// <summary>
/// <c>os-release</c> and <c>lsb-release</c>: <c>KEY=value</c> lines in shell syntax (os-release(5)). Values may be
/// single- or double-quoted; inside double quotes <c>\"</c>, <c>\\</c>, <c>\$</c> and <c>\`</c> are escapes. Lines
/// that are not assignments (comments, blank lines, garbage) are ignored, as the format asks of readers.
/// </summary>
internal static class KeyValueFile
{
    public static Dictionary<string, string> Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.Length == 0 || line[0] == '#' || equals <= 0)
            {
                continue;
            }

            var key = line[..equals].Trim();
            if (!key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                continue;
            }

            values.TryAdd(key, Unquote(line[(equals + 1)..].Trim()));
        }

        return values;
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'')
        {
            return value[1..^1];
        }

        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
        {
            return value;
        }

        var builder = new System.Text.StringBuilder(value.Length);
        for (var i = 1; i < value.Length - 1; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length - 1 && value[i + 1] is '"' or '\\' or '$' or '`')
            {
                i++;
            }

            builder.Append(value[i]);
        }

        return builder.ToString();
    }
}
