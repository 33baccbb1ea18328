using System.Text;

namespace Tether.Vulnerabilities.Versions.Language;

/// <summary>Python <c>str</c> behaviour that pypa/packaging relies on.</summary>
internal static class PythonText
{
    /// <summary>
    /// <c>str.lower()</c>. ASCII is exact; beyond it this uses simple case mapping except for U+0130,
    /// which Python (full case mapping) lower-cases to <c>i</c> + U+0307. Other full-mapping differences
    /// (final sigma) are not reproduced; no real package version contains them.
    /// </summary>
    public static string Lower(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '\u0130')
            {
                builder.Append("i\u0307");
            }
            else
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }
}
