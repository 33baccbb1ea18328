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

    /// <summary>Whether layer N came from the base image (<c>true</c>/<c>false</c>; absent when not known).</summary>
    public static string LayerFromBaseImage(int layer) => $"tether:layer:{layer}:fromBaseImage";

    /// <summary>The Dockerfile line that made layer N: <c>Dockerfile:5 RUN npm ci (layer-history-match 0.85)</c>.</summary>
    public static string LayerDockerfile(int layer) => $"tether:layer:{layer}:dockerfile";

    /// <summary>The image's base image: <c>NAME@DIGEST</c> (either may be missing), then how it was decided.</summary>
    public const string BaseImage = "tether:baseImage";

    public const string BaseImageMethod = "tether:baseImage:method";

    /// <summary>The Dockerfile line that installed a package (its layer's), in the layer property's form.</summary>
    public const string PackageDockerfile = "tether:package:dockerfile";

    /// <summary>The advisory record a finding was matched on.</summary>
    public const string AdvisoryId = "tether:advisoryId";
}
