using System.Diagnostics.CodeAnalysis;

namespace Tether.Vulnerabilities.Versions.Language;

/// <summary>
/// CRAN (R) package versions as R's <c>package_version</c> reads them: at least two non-negative integers
/// separated by <c>.</c> or <c>-</c> (R's <c>valid_package_version</c> pattern), compared as integer lists
/// (<c>1.0 &lt; 1.0.0</c>, <c>0.01 = 0.1</c>). R keeps components as 32-bit integers, so larger ones are
/// rejected. Checked against the OSV vectors only: R is not among the test dependencies.
/// </summary>
public sealed class CranVersionScheme : IVersionScheme
{
    public string Name => "CRAN";

    public string Reference => "R package_version / compareVersion (valid_package_version pattern)";

    public bool IsValid(string version, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(version);
        error = Validate(version);
        return error is null;
    }

    public int Compare(string a, string b) => NumericVersion.Compare(Checked(a), Checked(b), ".-");

    private string Checked(string version) =>
        IsValid(version, out var error) ? version : throw new VersionFormatException(version, Name, error);

    private static string? Validate(string version)
    {
        var i = 0;
        var components = 0;
        while (true)
        {
            var digits = DecimalText.DigitRun(version, i);
            if (digits == 0)
            {
                return i < version.Length ? $"number expected at offset {i}, found '{version[i]}'" : "number missing";
            }

            if (!int.TryParse(version.AsSpan(i, digits), out _))
            {
                return $"component {version.AsSpan(i, digits)} exceeds {int.MaxValue}";
            }

            components++;
            i += digits;
            if (i == version.Length)
            {
                return components >= 2 ? null : "at least two numbers separated by '.' or '-' are required";
            }

            if (version[i] is not ('.' or '-'))
            {
                return $"unexpected '{version[i]}' at offset {i}";
            }

            i++;
        }
    }
}
