namespace Tether.Vulnerabilities.Reports.Normalize;

/// <summary>What one report contributed to a batch.</summary>
/// <param name="Source">The report file.</param>
/// <param name="ReportedBy">Scanner and version, e.g. <c>grype 0.66.0</c>.</param>
/// <param name="DocumentDigest">sha256 of the report bytes (the evidence document).</param>
/// <param name="Images">The digests its findings were attached to; the first keys the findings.</param>
/// <param name="Findings">Distinct findings (image, package, vulnerability).</param>
/// <param name="Vulnerabilities">Distinct vulnerabilities.</param>
/// <param name="Notes">Decisions the user should know about (digests not used, overrides).</param>
public sealed record ReportIngestResult(
    string Source,
    string ReportedBy,
    string DocumentDigest,
    IReadOnlyList<LinkedImage> Images,
    int Findings,
    int Vulnerabilities,
    IReadOnlyList<string> Notes);
