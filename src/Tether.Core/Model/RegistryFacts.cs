using Tether.Core.Graph;

namespace Tether.Core.Model;

/// <summary>
/// An image manifest or image index. Key: its manifest digest (<c>sha256:…</c>); tags are
/// <see cref="ImageReferenceFacts"/> pointing here, never the identity.
/// </summary>
public sealed record ImageFacts(string Digest) : NodeFacts
{
    public override string Kind => NodeKinds.Image;
    public override string Key => Digest;

    public string? MediaType { get; init; }
    /// <summary>True for an image index / manifest list (multi-arch).</summary>
    public bool? IsIndex { get; init; }
    /// <summary><c>os/architecture[/variant]</c> of a platform manifest.</summary>
    public string? Platform { get; init; }
    public long? Size { get; init; }
    public string? ConfigDigest { get; init; }
    public DateTimeOffset? Created { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    public IReadOnlyList<ImageHistoryEntry>? History { get; init; }
    public IReadOnlyList<string>? DiffIds { get; init; }
    public IReadOnlyList<ImageLayer>? Layers { get; init; }
    /// <summary>Where the image was seen, e.g. <c>registry.example.com/team/app</c>.</summary>
    public IReadOnlyList<string>? Repositories { get; init; }
    /// <summary>The image this one was built on, as the scanner decided it (null: not known).</summary>
    public BaseImageInfo? BaseImage { get; init; }
}

/// <summary>
/// An image's base image: its name and digest when known, how many of the image's bottom layers came from it (null when
/// only its name is known), and how that was decided (<c>oci-annotation</c>, <c>base-image-match</c>,
/// <c>dockerfile-from</c>) with a confidence.
/// </summary>
public sealed record BaseImageInfo(string? Name, string? Digest, int? LayerCount, string Method, double Confidence);

public sealed record ImageHistoryEntry(string? CreatedBy, bool EmptyLayer, DateTimeOffset? Created, string? Comment);

public sealed record ImageLayer(string Digest, long Size, string MediaType);

/// <summary>A mutable pointer <c>registry/repository:tag</c>. Key: that string.</summary>
public sealed record ImageReferenceFacts(string Registry, string Repository, string Tag) : NodeFacts
{
    public override string Kind => NodeKinds.ImageReference;
    public override string Key => $"{Registry}/{Repository}:{Tag}";
}
