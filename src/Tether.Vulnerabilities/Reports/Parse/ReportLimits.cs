namespace Tether.Vulnerabilities.Reports.Parse;

/// <summary>
/// Bounds for untrusted reports. Generous for real scans (a large image yields a few thousand findings,
/// a few MB of JSON) and small enough that a hostile file cannot exhaust memory.
/// </summary>
public static class ReportLimits
{
    /// <summary>Largest report file read.</summary>
    public const int MaxReportBytes = 256 * 1024 * 1024;

    /// <summary>Findings in one report (Trivy vulnerabilities over all results, Grype matches).</summary>
    public const int MaxFindings = 500_000;

    /// <summary>Trivy <c>Results</c> entries (one per scanned target: OS, each lock file, each jar…).</summary>
    public const int MaxResults = 100_000;

    /// <summary>Any other list: ids, digests, tags, CVSS entries, locations, fix versions.</summary>
    public const int MaxListItems = 10_000;

    /// <summary>Grype embeds the manifest and config base64-encoded; they are small documents.</summary>
    public const int MaxEmbeddedDocumentBytes = 4 * 1024 * 1024;
}
