namespace Tether.Scanner.Output;

/// <summary>
/// One vulnerability found in one package of a scanned image, as the SBOM writers take it. The caller maps matching's
/// results into it (<c>PackageMatch</c>: <c>Package.Key</c>, <c>VulnerabilityId</c>, <c>Entry.AdvisoryId</c>,
/// <c>Decision.Fixed</c>; the advisory record: aliases, summary, details, severity), so the writers need no store.
/// </summary>
/// <param name="VulnerabilityId">The vulnerability's name, its CVE when it has one (<c>CVE-2024-5535</c>, <c>GHSA-…</c>).</param>
/// <param name="PackageKey">The scanned package's key, <c>{ecosystem}|{name}|{version}</c> (<c>PackageFacts.Key</c>).</param>
public sealed record ScanFinding(string VulnerabilityId, string PackageKey)
{
    /// <summary>Other ids of the same vulnerability (<c>GHSA-…</c>, <c>DSA-…</c>, <c>DEBIAN-CVE-…</c>); written as references.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The advisory record that matched (<c>DEBIAN-CVE-2024-5535</c>, <c>GHSA-…</c>).</summary>
    public string? AdvisoryId { get; init; }

    /// <summary>Who published that advisory (<c>Debian</c>, <c>GitHub</c>, <c>OSV</c>): the vulnerability's source.</summary>
    public string? AdvisorySource { get; init; }

    /// <summary>Severity on Tether's scale: <c>CRITICAL</c>, <c>HIGH</c>, <c>MEDIUM</c>, <c>LOW</c>, <c>NEGLIGIBLE</c>, <c>UNKNOWN</c>.</summary>
    public string? Severity { get; init; }

    /// <summary>Who rated <see cref="Severity"/> (<c>Debian</c>, <c>NVD</c>), when known.</summary>
    public string? SeveritySource { get; init; }

    /// <summary>CVSS base score of <see cref="CvssVector"/>.</summary>
    public double? CvssScore { get; init; }

    /// <summary>CVSS vector: <c>CVSS:3.1/…</c>, <c>CVSS:4.0/…</c>, or a v2 vector without prefix.</summary>
    public string? CvssVector { get; init; }

    /// <summary>Who published the CVSS vector (<c>NVD</c>, <c>GitHub</c>), when known.</summary>
    public string? CvssSource { get; init; }

    /// <summary>The first version that fixes it in the package's ecosystem; null when there is no fix.</summary>
    public string? FixedVersion { get; init; }

    /// <summary>One-line summary of the advisory.</summary>
    public string? Summary { get; init; }

    /// <summary>The advisory's full description.</summary>
    public string? Description { get; init; }
}
