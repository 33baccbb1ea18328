using System.Collections.Concurrent;
using Tether.Core.Errors;
using Tether.Registry.Client;
using Tether.Registry.Parse;

namespace Tether.Registry.Sync;

/// <summary>
/// Fetches what one tag points at (collect): the manifest or index, each platform manifest and config, and the
/// in-toto layers of BuildKit attestation manifests. Content problems confined to one tag (artifact, unsupported
/// media type, malformed manifest) make the tag a <see cref="SkippedItem"/>; transport and integrity failures
/// (auth, 5xx, digest mismatch) propagate so the repository's batch is not stored half-verified.
/// </summary>
internal sealed class TagResolver(IContentSource source, RegistryLimits limits, IKnownImages? known)
{
    // Many tags of a repository point at the same index entries (latest, v1.2, v1.2.3…): each entry is
    // fetched once per sync, whichever tag reaches it first.
    private readonly ConcurrentDictionary<(string Digest, string? Platform, string? Type), Lazy<Task<EntryOutcome>>> _entries = new();

    public const string ReferenceTypeAnnotation = "vnd.docker.reference.type";
    public const string ReferenceDigestAnnotation = "vnd.docker.reference.digest";
    public const string AttestationManifestType = "attestation-manifest";
    public const string PredicateTypeAnnotation = "in-toto.io/predicate-type";

    /// <summary>The resolved tag, or the reason it was skipped.</summary>
    public async Task<(ResolvedTag? Tag, SkippedItem? Skipped)> ResolveAsync(string repository, string tag, bool explicitlyRequested, CancellationToken cancellationToken)
    {
        var name = $"{source.Registry}/{repository}:{tag}";
        try
        {
            var top = await source.GetManifestAsync(repository, tag, cancellationToken).ConfigureAwait(false);
            var document = ManifestParser.Parse(top.Bytes, top.MediaType, name, limits.MaxManifestBytes);
            if (known is not null && await known.FindAsync(top.Digest, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                return (new ResolvedTag(tag, top, document, [], [], [], stored), null);
            }

            var notes = new List<SkippedItem>();
            var images = new List<ResolvedImage>();
            var attestations = new List<ResolvedAttestation>();

            if (document is ImageManifest manifest)
            {
                if (!manifest.IsImage)
                {
                    return (null, new SkippedItem(name, ArtifactReason(manifest)));
                }

                if (await ResolveImageAsync(repository, top, manifest, null, cancellationToken).ConfigureAwait(false) is not { } image)
                {
                    return (null, new SkippedItem(name, NotRunnableReason));
                }

                images.Add(image);
            }
            else
            {
                var index = (ImageIndex)document;
                if (index.ArtifactType is { } artifactType)
                {
                    return (null, new SkippedItem(name, $"an artifact index, not an image (artifactType '{JsonFields.Clip(artifactType)}')."));
                }

                foreach (var entry in index.Manifests)
                {
                    var key = (entry.Digest, entry.Platform?.ToString(), entry.Annotation(ReferenceTypeAnnotation));
                    var outcome = await _entries.GetOrAdd(key, _ => new Lazy<Task<EntryOutcome>>(
                        () => ResolveEntryAsync(repository, top.Digest, entry, cancellationToken))).Value.ConfigureAwait(false);
                    if (outcome.Image is not null)
                    {
                        images.Add(outcome.Image);
                    }

                    if (outcome.Attestation is not null)
                    {
                        attestations.Add(outcome.Attestation);
                    }

                    notes.AddRange(outcome.Notes);
                }

                if (images.Count == 0)
                {
                    return (null, new SkippedItem(name, "the index lists no image manifests (artifacts or attestations only)."));
                }
            }

            return (new ResolvedTag(tag, top, document, images, attestations, notes), null);
        }
        catch (RegistryException e) when (e.Kind == RegistryErrorKind.UnsupportedMediaType || (e.Kind == RegistryErrorKind.NotFound && !explicitlyRequested))
        {
            // A tag deleted between listing and fetching, or a format we do not read: the rest of the repository still syncs.
            return (null, new SkippedItem(name, e.Message));
        }
        catch (InputException e)
        {
            return (null, new SkippedItem(name, e.Message));
        }
    }

    private async Task<EntryOutcome> ResolveEntryAsync(string repository, string indexDigest, Descriptor entry, CancellationToken cancellationToken)
    {
        var entryName = $"{source.Registry}/{repository}@{entry.Digest}";
        var referenceType = entry.Annotation(ReferenceTypeAnnotation);
        if (referenceType == AttestationManifestType)
        {
            var notes = new List<SkippedItem>();
            var attestation = await ResolveAttestationAsync(repository, entry, notes, cancellationToken).ConfigureAwait(false);
            return new EntryOutcome(null, attestation, notes);
        }

        // BuildKit marks non-runnable entries unknown/unknown; any other reference type is to be ignored whole.
        if (referenceType is not null || entry.Platform?.IsUnknown == true)
        {
            return Note(entryName, $"not an image: index entry {(referenceType is null ? "with platform unknown/unknown" : $"of reference type '{referenceType}'")}.");
        }

        if (!MediaTypes.IsManifest(entry.MediaType))
        {
            return Note(entryName, $"index entry of media type '{entry.MediaType}' is not an image manifest (nested indexes are not followed).");
        }

        var content = await source.GetManifestAsync(repository, entry.Digest, cancellationToken).ConfigureAwait(false);
        if (content.Bytes.Length != entry.Size)
        {
            throw new InputException($"{source.Registry}/{repository}@{indexDigest}", "manifests[].size",
                $"says {entry.Size} bytes for {entry.Digest}, but the manifest is {content.Bytes.Length} bytes.");
        }

        if (ManifestParser.Parse(content.Bytes, content.MediaType, entryName, limits.MaxManifestBytes) is not ImageManifest manifest)
        {
            return Note(entryName, "index entry resolves to another index (nested indexes are not followed).");
        }

        if (!manifest.IsImage)
        {
            return Note(entryName, ArtifactReason(manifest));
        }

        return await ResolveImageAsync(repository, content, manifest, entry.Platform, cancellationToken).ConfigureAwait(false) is { } image
            ? new EntryOutcome(image, null, [])
            : Note(entryName, NotRunnableReason);

        static EntryOutcome Note(string reference, string reason) => new(null, null, [new SkippedItem(reference, reason)]);
    }

    /// <summary>The image, or null when its config names no os/architecture (required of image configs; BuildKit's
    /// "builder" and similar manifests reuse the image config type with an empty <c>{}</c> config).</summary>
    private async Task<ResolvedImage?> ResolveImageAsync(string repository, ManifestContent content, ImageManifest manifest, Platform? platform, CancellationToken cancellationToken)
    {
        var configBytes = await source.GetBlobAsync(repository, manifest.Config, limits.MaxConfigBytes, cancellationToken).ConfigureAwait(false);
        var config = ImageConfigParser.Parse(configBytes, $"{source.Registry}/{repository}@{manifest.Config.Digest} (config of {content.Digest})", limits.MaxConfigBytes);
        return string.IsNullOrEmpty(config.Os) || string.IsNullOrEmpty(config.Architecture)
            ? null
            : new ResolvedImage(content.Digest, content.MediaType, content.Bytes.Length, manifest, manifest.Config.Digest, config, platform);
    }

    private async Task<ResolvedAttestation?> ResolveAttestationAsync(string repository, Descriptor entry, List<SkippedItem> notes, CancellationToken cancellationToken)
    {
        var entryName = $"{source.Registry}/{repository}@{entry.Digest}";
        if (!Core.Identity.Digest.TryParse(entry.Annotation(ReferenceDigestAnnotation), out var subject))
        {
            notes.Add(new SkippedItem(entryName, $"attestation manifest without a valid {ReferenceDigestAnnotation} annotation."));
            return null;
        }

        var content = await source.GetManifestAsync(repository, entry.Digest, cancellationToken).ConfigureAwait(false);
        if (ManifestParser.Parse(content.Bytes, content.MediaType, entryName, limits.MaxManifestBytes) is not ImageManifest manifest)
        {
            notes.Add(new SkippedItem(entryName, "attestation entry is not a manifest."));
            return null;
        }

        var statements = new List<ResolvedStatement>();
        foreach (var layer in manifest.Layers)
        {
            if (layer.MediaType != MediaTypes.InTotoStatement)
            {
                continue; // BuildKit: unknown attestation media types are to be ignored.
            }

            var predicateType = layer.Annotation(PredicateTypeAnnotation);
            var isProvenance = predicateType is null || predicateType.StartsWith("https://slsa.dev/provenance/", StringComparison.Ordinal);
            if (!isProvenance)
            {
                // SBOMs and other predicates: the layer digest already identifies the statement; no need to download it.
                statements.Add(new ResolvedStatement(layer, predicateType, null, null));
                continue;
            }

            var layerName = $"{source.Registry}/{repository}@{layer.Digest}";
            try
            {
                var bytes = await source.GetBlobAsync(repository, layer, limits.MaxStatementBytes, cancellationToken).ConfigureAwait(false);
                var statement = InTotoStatement.Parse(bytes, layerName, limits.MaxStatementBytes);
                statements.Add(new ResolvedStatement(layer, statement.PredicateType ?? predicateType, bytes, statement));
            }
            catch (RegistryException e) when (e.Kind is RegistryErrorKind.TooLarge or RegistryErrorKind.NotFound)
            {
                notes.Add(new SkippedItem(layerName, e.Message));
            }
            catch (InputException e)
            {
                notes.Add(new SkippedItem(layerName, e.Message));
            }
        }

        return new ResolvedAttestation(content.Digest, subject, statements);
    }

    private sealed record EntryOutcome(ResolvedImage? Image, ResolvedAttestation? Attestation, IReadOnlyList<SkippedItem> Notes);

    private const string NotRunnableReason = "not an image: its config names no os/architecture.";

    private static string ArtifactReason(ImageManifest manifest) =>
        $"an artifact, not an image (artifactType '{manifest.ArtifactType ?? manifest.Config.MediaType}').";
}
