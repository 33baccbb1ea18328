using Tether.Core.Model;
using Tether.Vulnerabilities.Reports.Parse;
using Tether.Vulnerabilities.Sbom.Parse;

namespace Tether.Vulnerabilities.Sbom.Normalize;

/// <summary>
/// One package of an SBOM, ready to match: <see cref="Ecosystem"/>, <see cref="Name"/> and <see cref="Version"/> as OSV
/// spells them (see <see cref="OsvEcosystems"/>), the purl as written, its type (<c>apk</c>, <c>deb</c>, <c>npm</c>…),
/// the source package (<see cref="SourcePackages"/>), the layer the producer attributes it to, and its licenses.
/// </summary>
public sealed record SbomPackage(
    string Ecosystem,
    string Name,
    string Version,
    string Purl,
    string Type,
    string? SourceName,
    string? SourceVersion,
    string? LayerDiffId,
    IReadOnlyList<string> Licenses)
{
    /// <summary>False when <see cref="Ecosystem"/> is not an OSV ecosystem (CentOS, <c>generic</c>…).</summary>
    public bool IsOsvEcosystem { get; init; } = true;

    /// <summary>The package node's key, <c>{ecosystem}|{name}|{version}</c>.</summary>
    public string Key => PackageFacts.KeyOf(Ecosystem, Name, Version);
}

/// <summary>
/// An SBOM's packages without a graph: what <c>tether vuln match SBOM</c> matches directly. <see cref="Image"/> is
/// what the SBOM says about its image (digests, config digest, diff ids); <see cref="Notes"/> what was not used and why.
/// </summary>
public sealed record SbomPackageList(
    string Source,
    string DocumentDigest,
    SbomFormat Format,
    string SpecVersion,
    SbomProducer? Producer,
    ReportedImage Image,
    OperatingSystemRelease? OperatingSystem,
    IReadOnlyList<SbomPackage> Packages,
    IReadOnlyList<string> Notes)
{
    /// <summary>Distinct ecosystems, in first-seen order.</summary>
    public IReadOnlyList<string> Ecosystems => [.. Packages.Select(p => p.Ecosystem).Distinct(StringComparer.Ordinal)];

    /// <summary><c>CycloneDX 1.4</c>, <c>SPDX-2.3</c>.</summary>
    public string FormatName => Format == SbomFormat.CycloneDx ? $"CycloneDX {SpecVersion}" : SpecVersion;

    /// <summary><c>syft 0.58.0 (CycloneDX 1.4)</c>.</summary>
    public string Description => Producer is null ? FormatName : $"{Producer} ({FormatName})";
}
