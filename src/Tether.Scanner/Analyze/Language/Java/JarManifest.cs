using System.Text;

namespace Tether.Scanner.Analyze.Language.Java;

/// <summary>
/// The main section of <c>META-INF/MANIFEST.MF</c>: <c>Name: value</c> headers up to the first blank line, long
/// values wrapped onto lines starting with one space. Names compare case-insensitively, as the JAR spec says.
/// </summary>
internal static class JarManifest
{
    public static IReadOnlyDictionary<string, string> ParseMain(ReadOnlySpan<byte> content)
    {
        var text = Encoding.UTF8.GetString(content).TrimStart('\uFEFF');
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? lastName = null;
        foreach (var span in text.AsSpan().EnumerateLines())
        {
            if (span.IsEmpty)
            {
                if (attributes.Count > 0)
                {
                    break;
                }

                continue;
            }

            if (span[0] == ' ')
            {
                if (lastName is not null)
                {
                    attributes[lastName] += span[1..].ToString();
                }

                continue;
            }

            var colon = span.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            lastName = span[..colon].Trim().ToString();
            attributes[lastName] = span[(colon + 1)..].Trim().ToString();
        }

        return attributes;
    }
}
