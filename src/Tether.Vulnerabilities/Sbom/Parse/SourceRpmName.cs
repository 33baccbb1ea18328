namespace Tether.Vulnerabilities.Sbom.Parse;

/// <summary>
/// A source RPM file name, <c>openssl-1.1.1k-7.el8_6.src.rpm</c>, split into name and <c>version-release</c>.
/// RPM names may contain dashes; version and release may not, so the last two dashes separate them.
/// </summary>
public static class SourceRpmName
{
    public static bool TryParse(string? fileName, out string name, out string versionRelease)
    {
        name = versionRelease = "";
        if (string.IsNullOrEmpty(fileName))
        {
            return false;
        }

        var stem = fileName.EndsWith(".src.rpm", StringComparison.Ordinal) ? fileName[..^".src.rpm".Length]
            : fileName.EndsWith(".nosrc.rpm", StringComparison.Ordinal) ? fileName[..^".nosrc.rpm".Length]
            : null;
        if (stem is null)
        {
            return false;
        }

        var releaseDash = stem.LastIndexOf('-');
        var versionDash = releaseDash > 0 ? stem.LastIndexOf('-', releaseDash - 1) : -1;
        if (versionDash <= 0 || releaseDash == stem.Length - 1 || releaseDash - versionDash < 2)
        {
            return false;
        }

        name = stem[..versionDash];
        versionRelease = stem[(versionDash + 1)..];
        return true;
    }
}
