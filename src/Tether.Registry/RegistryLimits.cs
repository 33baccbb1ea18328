namespace Tether.Registry;

/// <summary>
/// Caps on what one registry response may hold. Real manifests are a few KiB and configs tens of KiB;
/// the caps leave ample room while keeping a hostile registry from exhausting memory.
/// </summary>
public sealed record RegistryLimits
{
    public static readonly RegistryLimits Default = new();

    /// <summary>Manifest or index (the distribution spec recommends registries accept at least 4 MiB).</summary>
    public int MaxManifestBytes { get; init; } = 4 * 1024 * 1024;

    public int MaxConfigBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>An in-toto statement stored as an attestation layer (SLSA provenance is usually tens of KiB).</summary>
    public int MaxStatementBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>One page of <c>_catalog</c> or <c>tags/list</c>, and a token response.</summary>
    public int MaxListingBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Repositories or tags gathered across all pages of one listing.</summary>
    public int MaxListedNames { get; init; } = 100_000;

    /// <summary>Pages followed for one listing, so a registry that loops its Link header cannot keep us forever.</summary>
    public int MaxListingPages { get; init; } = 10_000;
}
