using Tether.Vulnerabilities.Reports.Normalize;

namespace Tether.Vulnerabilities.Sbom.Normalize;

/// <summary>What one SBOM contributed to a batch.</summary>
/// <param name="Source">The SBOM file.</param>
/// <param name="Description">Producer and format, e.g. <c>syft 0.58.0 (CycloneDX 1.4)</c>.</param>
/// <param name="DocumentDigest">sha256 of the file (the evidence document).</param>
/// <param name="Images">The digests its packages were attached to.</param>
/// <param name="Packages">Distinct packages (ecosystem, name, version).</param>
/// <param name="Layers">Distinct layers packages were attributed to.</param>
/// <param name="Ecosystems">Distinct ecosystems of its packages.</param>
/// <param name="Notes">Decisions the user should know about.</param>
public sealed record SbomIngestResult(
    string Source,
    string Description,
    string DocumentDigest,
    IReadOnlyList<LinkedImage> Images,
    int Packages,
    int Layers,
    IReadOnlyList<string> Ecosystems,
    IReadOnlyList<string> Notes);
