namespace Tether.Scanner.Collect;

/// <summary>
/// Bounds on what a <c>docker save</c> archive may make the reader do before any layer is read: a hostile archive
/// (millions of entries, a giant manifest.json, thousands of layers, link loops) stops with a clear error naming the
/// file and the entry. Real archives are far below every one of these.
/// </summary>
public sealed record DockerArchiveLimits
{
    public static readonly DockerArchiveLimits Default = new();

    /// <summary>Entries of the outer tar (a saved image has about four per layer).</summary>
    public int MaxEntries { get; init; } = 200_000;

    /// <summary>Characters of one entry name.</summary>
    public int MaxNameLength { get; init; } = 4_096;

    /// <summary><c>manifest.json</c> (one object per image; a few hundred bytes each).</summary>
    public int MaxManifestListBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Images listed in <c>manifest.json</c>.</summary>
    public int MaxImages { get; init; } = 10_000;

    /// <summary>Layers of one image (overlayfs stacks at most 128 in practice).</summary>
    public int MaxLayers { get; init; } = 1_000;

    /// <summary><c>index.json</c>, an OCI manifest or index inside the archive.</summary>
    public int MaxManifestBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>An image config.</summary>
    public int MaxConfigBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Symlinks and hardlinks followed to reach one entry (old <c>docker save</c> links repeated layers).</summary>
    public int MaxLinkHops { get; init; } = 8;

    /// <summary>Indexes nested inside <c>index.json</c> (an image index of platform manifests is one level).</summary>
    public int MaxIndexDepth { get; init; } = 3;

    /// <summary>Manifests and indexes read from the archive's OCI layout to find the images <c>manifest.json</c> names.</summary>
    public int MaxManifestsRead { get; init; } = 10_000;
}
