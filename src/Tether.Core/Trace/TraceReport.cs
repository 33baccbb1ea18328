namespace Tether.Core.Trace;

/// <summary>
/// The answer to <c>tether trace TARGET</c> (contract in DESIGN.md §4): one entry per finding, each with the
/// four layers, the blast radius and the priority; plus the image chains themselves, so a pod or image
/// without findings still shows where it came from.
/// </summary>
public sealed record TraceReport(TraceTarget Target, IReadOnlyList<FindingTrace> Findings, IReadOnlyList<ImageTrace> Images);

public sealed record TraceTarget(string Kind, string Input, string Resolved);

/// <summary>A vulnerability in one image, traced through the four layers.</summary>
public sealed record FindingTrace(
    VulnerabilityView Vulnerability,
    PackageView Package,
    IReadOnlyList<RuntimeInstance> Runtime,
    RegistryLayer? Registry,
    PipelineLayer? Pipeline,
    SourceLayer? Source,
    BlastRadius BlastRadius,
    Priority Priority,
    IReadOnlyList<TraceGap> Gaps)
{
    /// <summary>For Tether's own matches: which advisory, affected entry and range decided, and why.</summary>
    public MatchView? Match { get; init; }
}

/// <summary>How Tether matched a package to a vulnerability (its own findings, not a scanner's).</summary>
public sealed record MatchView(
    string AdvisoryId,
    int AffectedIndex,
    int? RangeIndex,
    string MatchedOn,
    string Reason,
    string? Introduced,
    string? Fixed,
    string? LastAffected);

/// <summary>One image (by manifest digest) traced through the four layers.</summary>
public sealed record ImageTrace(
    string Digest,
    IReadOnlyList<RuntimeInstance> Runtime,
    RegistryLayer? Registry,
    PipelineLayer? Pipeline,
    SourceLayer? Source,
    BlastRadius BlastRadius,
    IReadOnlyList<TraceGap> Gaps,
    int FindingCount);

/// <summary>Why a layer or link is missing: never invented, always explained.</summary>
public sealed record TraceGap(string Layer, string Reason);

/// <summary>How one link was established (one stored edge's evidence).</summary>
public sealed record EvidenceView(
    string Link,
    string Method,
    double Confidence,
    string Collector,
    string? Document,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen);

public sealed record VulnerabilityView(
    string Id,
    IReadOnlyList<string> Aliases,
    string Severity,
    double? CvssScore,
    string? CvssVector,
    string? Title,
    string? Url)
{
    /// <summary>CISA KEV entry of the vulnerability's CVE, when the catalog is imported and lists it.</summary>
    public KevView? Kev { get; init; }

    /// <summary>FIRST EPSS score of the vulnerability's CVE, when imported.</summary>
    public EpssView? Epss { get; init; }
}

/// <summary>Known exploitation: the catalog says attackers use it (and whether in ransomware campaigns).</summary>
public sealed record KevView(string CveId, string DateAdded, string? DueDate, bool Ransomware);

/// <summary>Probability of exploitation in the next 30 days, and its percentile among all scored CVEs.</summary>
public sealed record EpssView(string CveId, double Score, double Percentile);

public sealed record PackageView(
    string Name,
    string Version,
    string? Type,
    string? Purl,
    string? FixedVersion,
    string? LayerDiffId,
    string? ReportedBy,
    EvidenceView? Evidence)
{
    /// <summary>The source package a distro package was built from (<c>name</c> or <c>name@version</c>), when known: the unit a distro fixes.</summary>
    public string? SourcePackage { get; init; }
}
