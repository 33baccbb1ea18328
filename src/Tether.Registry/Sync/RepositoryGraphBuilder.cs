using Tether.Core.Errors;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Registry.Parse;

namespace Tether.Registry.Sync;

/// <summary>
/// Turns resolved tags of one repository into graph facts (normalize; no I/O): tag -resolves_to-> image (index
/// or manifest, keyed by digest), index -has_manifest-> platform images, labels -> commit/repository, and
/// attestations -attests-> images, handing SLSA provenance to the <see cref="IProvenanceReader"/>.
/// </summary>
internal sealed class RepositoryGraphBuilder(GraphBatch batch, string registry, string repository, IProvenanceReader? provenance)
{
    public const double ManifestConfidence = 1.0;

    private readonly string _repositoryPath = $"{registry}/{repository}";
    private readonly HashSet<string> _images = new(StringComparer.Ordinal);
    private readonly HashSet<string> _attestations = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sourceLinks = new(StringComparer.Ordinal);
    private readonly HashSet<(NodeRef, string, NodeRef)> _links = [];
    private readonly Dictionary<string, ImageFacts> _platformImages = new(StringComparer.Ordinal);

    public int Images => _images.Count;

    public int Attestations => _attestations.Count;

    /// <summary>Commit or repository keys linked from labels.</summary>
    public IReadOnlyCollection<string> SourceLinks => _sourceLinks;

    public List<SkippedItem> Notes { get; } = [];

    public SyncedTag Add(ResolvedTag tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        Notes.AddRange(tag.Notes);
        var reference = batch.Add(new ImageReferenceFacts(registry, repository, tag.Tag));
        var top = tag.Top;
        if (tag.Known is { } known)
        {
            return AddKnown(reference, tag, known);
        }

        if (tag.Document is ImageIndex index)
        {
            var indexFacts = batch.Add(new ImageFacts(top.Digest)
            {
                MediaType = top.MediaType,
                IsIndex = true,
                Size = top.Bytes.Length,
                Annotations = index.Annotations,
                Repositories = [_repositoryPath],
            });
            _images.Add(top.Digest);
            Link(reference.Ref, EdgeTypes.ResolvesTo, indexFacts.Ref, top.Digest);
            foreach (var image in tag.Images)
            {
                Link(indexFacts.Ref, EdgeTypes.HasManifest, AddImage(image).Ref, top.Digest);
            }
        }
        else
        {
            Link(reference.Ref, EdgeTypes.ResolvesTo, AddImage(tag.Images[0]).Ref, top.Digest);
        }

        foreach (var attestation in tag.Attestations)
        {
            AddAttestation(attestation);
        }

        return new SyncedTag(
            tag.Tag,
            top.Digest,
            tag.IsIndex,
            [.. tag.Images.Select(i => i.Platform?.ToString() ?? "unknown")],
            tag.Attestations.Sum(a => a.Statements.Count));
    }

    /// <summary>
    /// A digest an earlier sync stored whole: only the tag and this repository are new. The image nodes are
    /// re-added with nothing but their repositories (null properties never overwrite stored ones).
    /// </summary>
    private SyncedTag AddKnown(ImageReferenceFacts reference, ResolvedTag tag, KnownImage known)
    {
        AddRepository(known);
        Link(reference.Ref, EdgeTypes.ResolvesTo, new NodeRef(NodeKinds.Image, known.Digest), known.Digest);
        foreach (var manifest in known.Manifests)
        {
            AddRepository(manifest);
        }

        return new SyncedTag(
            tag.Tag,
            known.Digest,
            known.IsIndex,
            known.IsIndex ? [.. known.Manifests.Select(m => m.Platform ?? "unknown")] : [known.Platform ?? "unknown"],
            0,
            AlreadyStored: true);
    }

    private void AddRepository(KnownImage image)
    {
        if (!_images.Add(image.Digest) || image.Repositories.Contains(_repositoryPath, StringComparer.Ordinal))
        {
            return;
        }

        batch.Add(new ImageFacts(image.Digest) { Repositories = [.. image.Repositories, _repositoryPath] });
    }

    private ImageFacts AddImage(ResolvedImage image)
    {
        if (_platformImages.TryGetValue(image.Digest, out var known))
        {
            return known; // several tags (or indexes) share this platform image: its facts and label links are in already.
        }

        var config = image.Config;
        var facts = batch.Add(ImageFactsOf.Manifest(image.Digest, image.Manifest, image.ConfigDigest, config, image.Platform) with
        {
            MediaType = image.MediaType,
            Size = image.Size,
            Repositories = [_repositoryPath],
        });
        _images.Add(image.Digest);
        _platformImages[image.Digest] = facts;
        if (OciLabelLinks.Add(batch, facts, config.Labels, RegistrySync.Collector, image.Digest) is { } linked)
        {
            _sourceLinks.Add(linked);
        }

        return facts;
    }

    private void AddAttestation(ResolvedAttestation attestation)
    {
        // The subject normally is a platform image of this index; if not, a bare node keeps the edge valid
        // without inventing anything about it.
        if (_images.Add(attestation.SubjectDigest))
        {
            batch.Add(new ImageFacts(attestation.SubjectDigest));
        }

        var subject = new NodeRef(NodeKinds.Image, attestation.SubjectDigest);
        foreach (var statement in attestation.Statements)
        {
            var source = $"{_repositoryPath}@{statement.Layer.Digest}";
            var facts = batch.Add(new AttestationFacts(statement.Layer.Digest)
            {
                Format = "in-toto-statement",
                StatementType = statement.Statement?.Type,
                PredicateType = statement.PredicateType,
                Source = source,
            });
            _attestations.Add(facts.Key);
            if (!Link(facts.Ref, EdgeTypes.Attests, subject, attestation.ManifestDigest))
            {
                continue; // the same attestation seen through another tag of the same index
            }

            if (provenance is not null && statement is { Bytes: { } bytes, Statement.IsSlsaProvenance: true })
            {
                try
                {
                    provenance.Read(bytes, source, batch);
                }
                catch (InputException e)
                {
                    Notes.Add(new SkippedItem(source, "provenance not read: " + e.Message));
                }
            }
        }
    }

    /// <summary>Links once per batch: many tags often point at one index, whose edges need storing once.</summary>
    private bool Link(NodeRef from, string type, NodeRef to, string document)
    {
        if (!_links.Add((from, type, to)))
        {
            return false;
        }

        batch.Link(from, type, to, new Evidence(RegistrySync.Collector, EvidenceMethods.RegistryManifest, ManifestConfidence, batch.ObservedAt, document));
        return true;
    }
}
