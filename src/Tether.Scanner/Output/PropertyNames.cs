namespace Tether.Scanner.Output;

/// <summary>
/// Names of the properties (CycloneDX <c>properties[]</c>, SPDX <c>"Name: value"</c> annotations) the writers use.
/// The layer, file and source package are written under the names Trivy (<c>pkg/sbom/core</c>) and Syft
/// (<c>syft:location:N:…</c>) use, because those are what SBOM consumers — Trivy, Grype, Dependency-Track and
/// Tether's own importer — already read to keep a package on its layer. What neither has a name for is under
/// <c>tether:</c>.
/// </summary>
internal static class PropertyNames
{
    public const string TrivyPrefix = "aquasecurity:trivy:";

    // Image (CycloneDX metadata.component; SPDX container package annotations, without the prefix).
    public const string ImageId = "ImageID";
    public const string RepoDigest = "RepoDigest";
    public const string DiffId = "DiffID";

    // Package.
    public const string LayerDiffId = "LayerDiffID";
    public const string LayerDigest = "LayerDigest";
    public const string FilePath = "FilePath";
    public const string SrcName = "SrcName";
    public const string SrcVersion = "SrcVersion";

    /// <summary>Syft: the layer (diff id) holding the file the package was read from.</summary>
    public const string SyftLayer = "syft:location:0:layerID";

    /// <summary>Syft: that file, absolute in the image (<c>/var/lib/dpkg/status</c>).</summary>
    public const string SyftPath = "syft:location:0:path";

    /// <summary>The archive entry a package was read from inside its file (a jar in a war).</summary>
    public const string ArchiveMember = "tether:package:archiveMember";

    /// <summary>The history step (<c>created_by</c>) that made layer N, N as in the <c>DiffID</c> order.</summary>
    public static string LayerCreatedBy(int layer) => $"tether:layer:{layer}:createdBy";

    /// <summary>The advisory record a finding was matched on.</summary>
    public const string AdvisoryId = "tether:advisoryId";
}
