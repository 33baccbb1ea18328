namespace Tether.Vulnerabilities.Reports.Parse;

/// <summary>The scanners whose JSON reports Tether reads.</summary>
public enum ReportFormat
{
    /// <summary><c>trivy image --format json</c>, SchemaVersion 2.</summary>
    Trivy,
    /// <summary><c>grype -o json</c>.</summary>
    Grype,
}

/// <summary>
/// One scanner report as written, minus what Tether does not keep (descriptions, reference lists, the
/// scanner's configuration). Values are raw: severities and fix states are normalized later.
/// <see cref="Source"/> is the file name for messages; <see cref="DocumentDigest"/> the sha256 of the report
/// bytes, the evidence document of every edge made from it; <see cref="Notes"/> what the parser chose not
/// to use, and why, for the user to read.
/// </summary>
public sealed record ScannerReport(
    string Source,
    string DocumentDigest,
    ReportFormat Format,
    string ScannerVersion,
    DateTimeOffset? CreatedAt,
    ReportedImage Image,
    IReadOnlyList<ReportedFinding> Findings,
    IReadOnlyList<string> Notes)
{
    /// <summary><c>trivy 0.50.1</c>, <c>grype 0.66.0</c>; the version is <c>unknown</c> when the report omits it.</summary>
    public string ReportedBy => $"{(Format == ReportFormat.Trivy ? "trivy" : "grype")} {ScannerVersion}";
}

/// <summary>What the report says about the image it scanned.</summary>
public sealed record ReportedImage
{
    /// <summary>Trivy <c>ArtifactName</c>, Grype <c>source.target.userInput</c>: what the user asked to scan.</summary>
    public string? Name { get; init; }

    /// <summary>Config digest (Docker image id): Trivy <c>Metadata.ImageID</c>, Grype <c>source.target.imageID</c>.</summary>
    public string? ConfigDigest { get; init; }

    /// <summary>
    /// The platform manifest digest, only when the report carries one that a registry can serve
    /// (Grype <c>source.target.manifestDigest</c>; Trivy reports have none).
    /// </summary>
    public string? ManifestDigest { get; init; }

    public string? ManifestMediaType { get; init; }

    /// <summary><c>os/architecture</c> when the report says.</summary>
    public string? Platform { get; init; }

    /// <summary>Repository digests (<c>repo@sha256:…</c>): what a registry served for a pull; possibly an index.</summary>
    public IReadOnlyList<RepositoryDigest> RepoDigests { get; init; } = [];

    public IReadOnlyList<string> DiffIds { get; init; } = [];

    /// <summary>Tags the local image had. Kept for messages only: a tag is not tied to a digest by the report.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
}

/// <summary>A <c>repo@digest</c> entry; <see cref="Repository"/> is normalized <c>registry/repository</c>.</summary>
public sealed record RepositoryDigest(string Repository, string Digest);

/// <summary>
/// One vulnerable package as the scanner reported it. <see cref="Severity"/> is the scanner's (raw) rating
/// for this package, often a distribution's; <see cref="FixState"/> is Trivy's <c>Status</c> or Grype's
/// <c>fix.state</c>, raw.
/// </summary>
public sealed record ReportedFinding(
    ReportedVulnerability Vulnerability,
    ReportedPackage Package,
    string? Severity,
    string? FixedVersion,
    string? FixState,
    string? LayerDiffId,
    string? DataSource,
    string? MatchedBy);

/// <summary>
/// A package: <see cref="Type"/> is the ecosystem as the scanner names it (<c>alpine</c>, <c>rpm</c>, <c>jar</c>…),
/// <see cref="SourcePackage"/> the source package it was built from (<c>name</c> or <c>name@version</c>).
/// </summary>
public sealed record ReportedPackage(string Name, string Version, string? Type, string? Purl, string? Path, string? SourcePackage);

/// <summary>
/// The vulnerability a finding is about, with every rating the report gives for it. <see cref="RelatedIds"/>
/// are other ids for it: Grype <c>relatedVulnerabilities</c>, Trivy <c>VendorIDs</c>.
/// </summary>
public sealed record ReportedVulnerability(
    string Id,
    IReadOnlyList<string> RelatedIds,
    string? Title,
    string? Url,
    IReadOnlyList<SourcedSeverity> Severities,
    IReadOnlyList<SourcedCvss> Cvss);

/// <summary>A severity (raw text) and whose it is (<c>nvd</c>, <c>redhat</c>…).</summary>
public sealed record SourcedSeverity(string Source, string Value);

/// <summary>
/// A CVSS rating and whose it is; <see cref="Version"/> is <c>2.0</c>, <c>3.0</c>, <c>3.1</c>…; <see cref="Primary"/>
/// is false when the source marks it secondary (NVD lists CNA scores as Secondary).
/// </summary>
public sealed record SourcedCvss(string Source, string? Version, string? Vector, double? Score, bool Primary = true);
