using Tether.Registry.Client;
using Tether.Registry.Parse;

namespace Tether.Registry.Sync;

/// <summary>
/// Everything fetched and parsed for one tag, before it becomes graph facts: the manifest the tag points at,
/// the platform images (manifest + config) and the BuildKit attestations found in its index.
/// </summary>
public sealed record ResolvedTag(
    string Tag,
    ManifestContent Top,
    ManifestDocument Document,
    IReadOnlyList<ResolvedImage> Images,
    IReadOnlyList<ResolvedAttestation> Attestations,
    IReadOnlyList<SkippedItem> Notes,
    KnownImage? Known = null)
{
    public bool IsIndex => Document is ImageIndex;
}

/// <summary>One runnable image: a platform manifest and its config.</summary>
public sealed record ResolvedImage(
    string Digest,
    string MediaType,
    long Size,
    ImageManifest Manifest,
    string ConfigDigest,
    ImageConfig Config,
    Platform? IndexPlatform)
{
    /// <summary>The index's platform for the entry, else the config's own.</summary>
    public Platform? Platform => IndexPlatform ?? Config.Platform;
}

/// <summary>A BuildKit attestation manifest (<c>vnd.docker.reference.type: attestation-manifest</c>) and its in-toto layers.</summary>
public sealed record ResolvedAttestation(string ManifestDigest, string SubjectDigest, IReadOnlyList<ResolvedStatement> Statements);

/// <summary>
/// One in-toto layer. Its digest is the sha256 of the statement bytes (content addressing), so the attestation's
/// identity is known without fetching it; the bytes are fetched only for provenance, which is read further.
/// </summary>
public sealed record ResolvedStatement(Descriptor Layer, string? PredicateType, ReadOnlyMemory<byte>? Bytes, InTotoStatement? Statement);

/// <summary>A tag, manifest or attestation left out of the graph, and why.</summary>
public sealed record SkippedItem(string Reference, string Reason);
