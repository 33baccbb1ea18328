namespace Tether.Registry.Parse;

/// <summary>A parsed manifest or index, with the media type it was read as.</summary>
public abstract record ManifestDocument(string MediaType, IReadOnlyDictionary<string, string>? Annotations);

/// <summary>An image index (OCI) or manifest list (Docker): one entry per platform, plus BuildKit attestation manifests.</summary>
public sealed record ImageIndex(
    string MediaType,
    IReadOnlyList<Descriptor> Manifests,
    IReadOnlyDictionary<string, string>? Annotations,
    string? ArtifactType = null)
    : ManifestDocument(MediaType, Annotations);

/// <summary>An image manifest (OCI or Docker schema 2): a config and layers.</summary>
public sealed record ImageManifest(
    string MediaType,
    Descriptor Config,
    IReadOnlyList<Descriptor> Layers,
    IReadOnlyDictionary<string, string>? Annotations,
    string? ArtifactType = null,
    Descriptor? Subject = null)
    : ManifestDocument(MediaType, Annotations)
{
    /// <summary>
    /// True when the config is a container image config. OCI artifacts (SBOMs, signatures, referrers)
    /// reuse the image manifest format with another config or artifact type; they are not images.
    /// </summary>
    public bool IsImage => ArtifactType is null && MediaTypes.IsImageConfig(Config.MediaType);
}
