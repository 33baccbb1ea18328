namespace Tether.Registry.Parse;

/// <summary>The manifest, config and attestation media types the registry layer reads.</summary>
public static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    /// <summary>Docker schema 1 (unsigned and signed): deprecated, never read.</summary>
    public const string DockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    public const string OciImageConfig = "application/vnd.oci.image.config.v1+json";
    public const string DockerImageConfig = "application/vnd.docker.container.image.v1+json";

    public const string InTotoStatement = "application/vnd.in-toto+json";

    /// <summary>The <c>Accept</c> header for manifest requests: every type we read, indexes first.</summary>
    public static readonly IReadOnlyList<string> AcceptedManifests = [OciIndex, DockerManifestList, OciManifest, DockerManifest];

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsManifest(string? mediaType) => mediaType is OciManifest or DockerManifest;

    public static bool IsSupportedManifest(string? mediaType) => IsIndex(mediaType) || IsManifest(mediaType);

    public static bool IsImageConfig(string? mediaType) => mediaType is OciImageConfig or DockerImageConfig;

    /// <summary>Content types that say nothing about the manifest format (some registries and static servers send these).</summary>
    public static bool IsGeneric(string? mediaType) =>
        string.IsNullOrEmpty(mediaType) || mediaType is "application/json" or "text/plain" or "application/octet-stream" or "binary/octet-stream";
}
