using Tether.Vulnerabilities.Reports.Normalize;

namespace Tether.Cli.Presentation;

/// <summary>
/// Tether's severity scale in order, for sorting, thresholds (<c>--fail-on</c>) and SARIF levels. UNKNOWN ranks
/// lowest, so a threshold never fires on a vulnerability nobody rated (as grype's <c>--fail-on</c>).
/// </summary>
public static class FindingSeverity
{
    /// <summary>The words <c>--fail-on</c> accepts, lowest first.</summary>
    public static readonly IReadOnlyList<string> Thresholds =
        [SeverityScale.Negligible, SeverityScale.Low, SeverityScale.Medium, SeverityScale.High, SeverityScale.Critical];

    public static int Rank(string? severity) => severity switch
    {
        SeverityScale.Critical => 5,
        SeverityScale.High => 4,
        SeverityScale.Medium => 3,
        SeverityScale.Low => 2,
        SeverityScale.Negligible => 1,
        _ => 0,
    };

    /// <summary>
    /// A database's own rating in Tether's scale. Debian's <c>unimportant</c> ("no security impact") is NEGLIGIBLE;
    /// words outside the scale (<c>not yet assigned</c>) are UNKNOWN.
    /// </summary>
    public static string FromVendor(string rating) =>
        rating.Trim().Equals("unimportant", StringComparison.OrdinalIgnoreCase)
            ? SeverityScale.Negligible
            : SeverityScale.Normalize(rating) ?? SeverityScale.Unknown;

    /// <summary>The order every output lists findings in: most severe first, then by vulnerability id, package name and version.</summary>
    public static IReadOnlyList<VulnerabilityFinding> Sort(IEnumerable<VulnerabilityFinding> findings) =>
        [.. findings
            .OrderByDescending(f => Rank(f.Vulnerability.Severity))
            .ThenBy(f => f.Vulnerability.Id, StringComparer.Ordinal)
            .ThenBy(f => f.Package.Name, StringComparer.Ordinal)
            .ThenBy(f => f.Package.Version, StringComparer.Ordinal)
            .ThenBy(f => f.Package.Ecosystem, StringComparer.Ordinal)];

    /// <summary>SARIF result level: error for CRITICAL and HIGH, warning for MEDIUM, note otherwise.</summary>
    public static string SarifLevel(string severity) => Rank(severity) switch
    {
        >= 4 => "error",
        3 => "warning",
        _ => "note",
    };
}
