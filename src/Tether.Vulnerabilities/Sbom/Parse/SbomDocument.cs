using Tether.Vulnerabilities.Reports.Parse;

namespace Tether.Vulnerabilities.Sbom.Parse;

/// <summary>The SBOM formats Tether reads (JSON encodings only).</summary>
public enum SbomFormat
{
    /// <summary>CycloneDX JSON, specVersion 1.4 to 1.7.</summary>
    CycloneDx,
    /// <summary>SPDX JSON, 2.2 and 2.3.</summary>
    Spdx,
}

/// <summary>
/// One SBOM as written, reduced to what Tether keeps: the image it describes, the operating system it declares,
/// and its packages (components with a package URL). Values are raw: ecosystems are derived in Normalize.
/// <see cref="DocumentDigest"/> is the sha256 of the file, the evidence document of every edge made from it;
/// <see cref="Notes"/> say what the parser chose not to use, and why.
/// </summary>
public sealed record SbomDocument(
    string Source,
    string DocumentDigest,
    SbomFormat Format,
    string SpecVersion,
    SbomProducer? Producer,
    ReportedImage Image,
    OperatingSystemRelease? OperatingSystem,
    IReadOnlyList<SbomComponent> Components,
    IReadOnlyList<string> Notes)
{
    /// <summary><c>CycloneDX 1.5</c>, <c>SPDX-2.3</c>.</summary>
    public string FormatName => Format == SbomFormat.CycloneDx ? $"CycloneDX {SpecVersion}" : SpecVersion;
}

/// <summary>The tool that wrote the SBOM (<c>syft</c> <c>0.58.0</c>, <c>trivy</c> <c>0.50.1</c>), as it names itself.</summary>
public sealed record SbomProducer(string Name, string? Version)
{
    /// <summary>Tether's own SBOMs (<c>tether scan --output cyclonedx|spdx</c>).</summary>
    public const string Tether = "tether";

    public bool Is(string tool) => Name.Equals(tool, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Version is null ? Name : $"{Name} {Version}";
}

/// <summary>The operating system an SBOM declares (CycloneDX <c>operating-system</c> component, SPDX OS package): <c>alpine</c> <c>3.16.2</c>.</summary>
public sealed record OperatingSystemRelease(string Id, string? Version);

/// <summary>
/// One package as the SBOM states it. <see cref="Path"/> is where it is in the file (for messages);
/// <see cref="Version"/> the version field, which may disagree with the purl's; <see cref="SourceName"/> and
/// <see cref="SourceVersion"/> what the producer says about the source package (Trivy <c>SrcName</c>…, Syft
/// metadata, SPDX <c>sourceInfo</c>), null when it says nothing; <see cref="LayerDiffId"/> the layer the producer
/// attributes the package to.
/// </summary>
public sealed record SbomComponent(
    string Path,
    string? Name,
    string? Version,
    PackageUrl Purl,
    string? SourceName,
    string? SourceVersion,
    string? LayerDiffId,
    IReadOnlyList<string> Licenses);
