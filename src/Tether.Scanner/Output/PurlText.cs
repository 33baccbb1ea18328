using System.Globalization;
using System.Text;

namespace Tether.Scanner.Output;

/// <summary>The image's package URL, <c>pkg:oci/NAME@sha256%3A…?arch=…&amp;repository_url=…</c> (purl-spec <c>oci</c> type).</summary>
internal static class PurlText
{
    /// <summary>
    /// The name is the repository's last path segment, lower-cased; the digest is the version; <c>repository_url</c>
    /// is the full repository (where the digest can be pulled), qualifiers in sorted order as the spec's canonical form.
    /// </summary>
    public static string Oci(string repository, string manifestDigest, string? architecture)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(manifestDigest);
        var name = repository[(repository.LastIndexOf('/') + 1)..].ToLowerInvariant();
        var text = new StringBuilder("pkg:oci/").Append(Encode(name, keepColon: false)).Append('@').Append(Encode(manifestDigest, keepColon: false));
        var separator = '?';
        if (!string.IsNullOrEmpty(architecture))
        {
            text.Append(separator).Append("arch=").Append(Encode(architecture, keepColon: true));
            separator = '&';
        }

        return text.Append(separator).Append("repository_url=").Append(Encode(repository, keepColon: true)).ToString();
    }

    /// <summary>purl percent-encoding: unreserved URL characters stay, the rest is UTF-8 <c>%XX</c> (<c>/</c> in a qualifier as <c>%2F</c>, as Trivy writes it).</summary>
    private static string Encode(string value, bool keepColon)
    {
        var text = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '~' || (keepColon && c == ':'))
            {
                text.Append(c);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
