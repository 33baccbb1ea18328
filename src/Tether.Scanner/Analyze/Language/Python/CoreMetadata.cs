using System.Text;
using Tether.Core.Errors;

namespace Tether.Scanner.Analyze.Language.Python;

/// <summary>
/// Python core metadata (<c>METADATA</c>, <c>PKG-INFO</c>): RFC 822 style headers up to the first blank line,
/// continuation lines indented, fields repeatable (<c>Classifier</c>). The body (the long description) is skipped.
/// </summary>
internal sealed class CoreMetadata
{
    private const int MaxHeaders = 10_000;

    private readonly List<(string Name, string Value)> _headers;

    private CoreMetadata(List<(string Name, string Value)> headers) => _headers = headers;

    public static CoreMetadata Parse(ReadOnlySpan<byte> content, string source)
    {
        var text = Encoding.UTF8.GetString(content).TrimStart('\uFEFF');
        var headers = new List<(string Name, string Value)>();
        var lineNumber = 0;
        foreach (var span in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            // Only an empty line ends the headers: a line of blanks continues a value (as Python's email parser reads it).
            var line = span.ToString();
            if (line.Length == 0)
            {
                break;
            }

            if (line[0] is ' ' or '\t')
            {
                if (headers.Count == 0)
                {
                    throw new InputException(source, $"line {lineNumber}", "a continuation line comes before any header.");
                }

                var (name, value) = headers[^1];
                headers[^1] = (name, value + "\n" + line.Trim());
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InputException(source, $"line {lineNumber}", "is not a 'Name: value' header.");
            }

            if (headers.Count >= MaxHeaders)
            {
                throw new InputException(source, $"line {lineNumber}", $"more than {MaxHeaders} headers.");
            }

            headers.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        return new CoreMetadata(headers);
    }

    /// <summary>The first value of a header (names compare case-insensitively, as in RFC 822), or null.</summary>
    public string? First(string name)
    {
        foreach (var (key, value) in _headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    public IEnumerable<string> All(string name)
    {
        foreach (var (key, value) in _headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                yield return value;
            }
        }
    }
}
