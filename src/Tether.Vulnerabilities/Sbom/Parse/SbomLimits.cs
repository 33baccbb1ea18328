namespace Tether.Vulnerabilities.Sbom.Parse;

/// <summary>
/// Bounds for untrusted SBOMs. A large image has a few thousand packages; Syft adds a component or an SPDX file
/// per cataloged file, so a big image can reach a few hundred thousand entries. Past these limits the document
/// is refused before any per-entry work, so a hostile file costs at most one bounded JSON parse.
/// </summary>
public static class SbomLimits
{
    /// <summary>Largest SBOM file read (the same cap as a scanner report).</summary>
    public const int MaxSbomBytes = 256 * 1024 * 1024;

    /// <summary>CycloneDX components counted over every nesting level, or SPDX packages.</summary>
    public const int MaxComponents = 500_000;

    /// <summary>SPDX <c>files</c> entries.</summary>
    public const int MaxFiles = 1_000_000;

    /// <summary>SPDX <c>relationships</c> entries (Syft writes one per package-owned file).</summary>
    public const int MaxRelationships = 2_000_000;

    /// <summary>Properties, annotations, licenses, external references… of one component.</summary>
    public const int MaxListItems = 10_000;
}
