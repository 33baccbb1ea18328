using System.Diagnostics.CodeAnalysis;

namespace Tether.Vulnerabilities.Sbom.Parse;

/// <summary>
/// A package URL (<c>pkg:type/namespace/name@version?qualifiers#subpath</c>, github.com/package-url/purl-spec),
/// split and percent-decoded. Type and qualifier keys are lower-cased as the spec says; everything else is kept
/// as written, because what a name means (case, separators) is the ecosystem's business, decided in Normalize.
/// <see cref="Text"/> is the purl as the producer wrote it.
/// </summary>
public sealed record PackageUrl(
    string Type,
    string? Namespace,
    string Name,
    string? Version,
    IReadOnlyDictionary<string, string> Qualifiers,
    string? Subpath,
    string Text)
{
    /// <summary>Longest purl read: real ones are a few hundred characters.</summary>
    public const int MaxLength = 8192;

    /// <summary>A qualifier's value, or null when absent or empty.</summary>
    public string? Qualifier(string key) => Qualifiers.TryGetValue(key, out var value) ? value : null;

    public static bool TryParse(string? text, [NotNullWhen(true)] out PackageUrl? purl, [NotNullWhen(false)] out string? error)
    {
        purl = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "is empty.";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"is {text.Length} characters, over the {MaxLength}-character limit for a package URL.";
            return false;
        }

        if (!text.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{Shorten(text)}' is not a package URL (pkg:type/name@version).";
            return false;
        }

        // The spec parses from the right: subpath after '#', qualifiers after '?', then the path.
        var rest = text[4..];
        string? subpath = null;
        if (rest.LastIndexOf('#') is var hash and >= 0)
        {
            subpath = Decode(rest[(hash + 1)..].Trim('/'));
            rest = rest[..hash];
        }

        var qualifiers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (rest.LastIndexOf('?') is var question and >= 0)
        {
            foreach (var pair in rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    continue; // "key" without "=value" carries nothing
                }

                var value = Decode(pair[(equals + 1)..]);
                if (value.Length > 0)
                {
                    qualifiers.TryAdd(pair[..equals].ToLowerInvariant(), value);
                }
            }

            rest = rest[..question];
        }

        rest = rest.TrimStart('/');
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            error = $"'{Shorten(text)}' has no type/name.";
            return false;
        }

        var type = rest[..slash].ToLowerInvariant();
        if (!type.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '-'))
        {
            error = $"'{Shorten(text)}' has an invalid type '{type}'.";
            return false;
        }

        var path = rest[(slash + 1)..].TrimEnd('/');
        string? version = null;
        // The version separator is the last '@' after the last '/': a scoped npm namespace may be written "@scope" unencoded.
        var at = path.LastIndexOf('@');
        if (at > path.LastIndexOf('/'))
        {
            version = Decode(path[(at + 1)..]);
            path = path[..at];
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Decode).Where(s => s.Length > 0).ToList();
        if (segments.Count == 0)
        {
            error = $"'{Shorten(text)}' has no name.";
            return false;
        }

        purl = new PackageUrl(
            type,
            segments.Count == 1 ? null : string.Join('/', segments.Take(segments.Count - 1)),
            segments[^1],
            string.IsNullOrEmpty(version) ? null : version,
            qualifiers,
            string.IsNullOrEmpty(subpath) ? null : subpath,
            text);
        error = null;
        return true;
    }

    // Uri.UnescapeDataString leaves malformed escapes as written instead of throwing: fine for untrusted input.
    private static string Decode(string text) => text.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(text) : text;

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
