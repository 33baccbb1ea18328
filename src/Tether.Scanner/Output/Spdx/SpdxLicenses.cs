using System.Text;

namespace Tether.Scanner.Output.Spdx;

/// <summary>
/// Declared licenses as one SPDX expression for <c>licenseDeclared</c>: each declaration that is a valid expression is
/// kept (canonical ids), any other text becomes a <c>LicenseRef-</c> whose text is listed once in
/// <c>hasExtractedLicensingInfos</c>, and several declarations are joined with <c>AND</c> (they all apply, as far as the
/// package says). No declaration is <c>NOASSERTION</c>.
/// </summary>
internal sealed class SpdxLicenses
{
    public const string NoAssertion = "NOASSERTION";

    private readonly SortedDictionary<string, string> _extracted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _refByText = new(StringComparer.Ordinal);

    /// <summary><c>LicenseRef-</c> id → the declared text it stands for, in id order.</summary>
    public IReadOnlyDictionary<string, string> Extracted => _extracted;

    public string Declared(IReadOnlyList<string> licenses)
    {
        var parts = licenses.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim()).Distinct(StringComparer.Ordinal)
            .Select(text => SpdxLicenseExpression.Normalize(text) ?? Reference(text))
            .ToList();
        return parts.Count switch
        {
            0 => NoAssertion,
            1 => parts[0],
            _ => string.Join(" AND ", parts.Select(p => p.Contains(' ', StringComparison.Ordinal) ? $"({p})" : p)),
        };
    }

    /// <summary>
    /// <c>LicenseRef-</c> plus the text's idstring characters; when the text had others, or was cut, a hash of it
    /// keeps two texts that clean up alike apart.
    /// </summary>
    private string Reference(string text)
    {
        if (_refByText.TryGetValue(text, out var known))
        {
            return known;
        }

        var clean = new StringBuilder();
        foreach (var c in text.Take(64))
        {
            clean.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-');
        }

        var id = "LicenseRef-" + clean.ToString().Trim('-');
        if (clean.ToString() != text || id == "LicenseRef-")
        {
            id = $"{id.TrimEnd('-')}-{SbomSubject.ShortHash(text)[..8]}";
        }

        _refByText[text] = id;
        _extracted[id] = text;
        return id;
    }
}
