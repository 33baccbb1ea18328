using System.Text;
using Tether.Core.Errors;

namespace Tether.Pipeline.CiReport.Parse;

/// <summary>
/// Reads an environment dump of <c>KEY=VALUE</c> lines (the output of <c>env</c>), so a CI run can be replayed from a
/// file. Values run to the end of the line; a later duplicate wins, as in a shell.
/// </summary>
public static class EnvironmentDump
{
    public const int MaxBytes = 4 * 1024 * 1024;

    public static IReadOnlyDictionary<string, string> Parse(ReadOnlySpan<byte> content, string source)
    {
        if (content.Length > MaxBytes)
        {
            throw new InputException(source, null, $"{content.Length} bytes is over the {MaxBytes}-byte limit for an environment file.");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(content);
        }
        catch (DecoderFallbackException e)
        {
            throw new InputException(source, null, "is not UTF-8 text.", e);
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new InputException(source, $"line {number}", "is not KEY=VALUE.");
            }

            variables[line[..equals]] = line[(equals + 1)..];
        }

        return variables;
    }
}
