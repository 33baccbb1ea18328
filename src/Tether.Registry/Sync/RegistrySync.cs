using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Registry.Client;

namespace Tether.Registry.Sync;

/// <summary>
/// Syncs repositories of one content source (registry or OCI layout) into graph batches, one per repository:
/// lists tags (or takes the requested ones), resolves them concurrently (bounded across all repositories of
/// this instance), then builds the facts in tag order so the batch is deterministic. A sync of every tag declares
/// the batch a snapshot of the repository's tags, so tags deleted from the registry end when it is stored.
/// </summary>
public sealed class RegistrySync : IDisposable
{
    /// <summary>Collector name on every batch and edge this module stores.</summary>
    public const string Collector = "registry-sync";

    private readonly IContentSource _source;
    private readonly RegistrySyncOptions _options;
    private readonly SemaphoreSlim _gate;

    public RegistrySync(IContentSource source, RegistrySyncOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _options = options ?? new RegistrySyncOptions();
        if (_options.Concurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.Concurrency, "Concurrency must be at least 1.");
        }

        _gate = new SemaphoreSlim(_options.Concurrency, _options.Concurrency);
    }

    /// <summary>The repositories a registry-wide sync covers (<c>_catalog</c>), sorted.</summary>
    public async Task<IReadOnlyList<string>> ListRepositoriesAsync(CancellationToken cancellationToken)
    {
        var repositories = await _source.ListRepositoriesAsync(cancellationToken).ConfigureAwait(false);
        return [.. repositories.Where(RepositoryNames.IsValid).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Resolves the repository's tags and returns its batch (not stored). Throws <see cref="RegistryException"/>
    /// when the repository cannot be read as a whole (auth, unknown repository, integrity failure).
    /// </summary>
    public async Task<RepositorySyncResult> SyncRepositoryAsync(string repository, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var explicitTags = _options.Tags is { Count: > 0 };
        var tags = explicitTags
            ? [.. _options.Tags!.Distinct(StringComparer.Ordinal)]
            : (await _source.ListTagsAsync(repository, cancellationToken).ConfigureAwait(false)).Order(StringComparer.Ordinal).ToList();

        var batch = new GraphBatch(Collector, _options.Time.GetUtcNow());
        if (!explicitTags && _options.EndUnlistedTags)
        {
            // The listing is whole (it throws otherwise): tags stored earlier and absent now were deleted or moved away.
            // Keys are registry/repository:tag, so the prefix with the colon never reaches registry/repository/sub:tag.
            batch.DeclareSnapshot(NodeKinds.ImageReference, new ImageReferenceFacts(_source.Registry, repository, "").Key);
        }

        var resolver = new TagResolver(_source, _options.Limits, _options.Known);
        var outcomes = new (ResolvedTag? Tag, SkippedItem? Skipped)[tags.Count];
        var done = 0;
        progress?.Report(new SyncProgress(repository, 0, tags.Count));

        await Parallel.ForEachAsync(
            Enumerable.Range(0, tags.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                await _gate.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    outcomes[i] = await resolver.ResolveAsync(repository, tags[i], explicitTags, ct).ConfigureAwait(false);
                }
                finally
                {
                    _gate.Release();
                }

                progress?.Report(new SyncProgress(repository, Interlocked.Increment(ref done), tags.Count));
            }).ConfigureAwait(false);

        var builder = new RepositoryGraphBuilder(batch, _source.Registry, repository, _options.Provenance);
        var synced = new List<SyncedTag>();
        var skipped = new List<SkippedItem>();
        foreach (var (tag, skip) in outcomes)
        {
            if (tag is not null)
            {
                synced.Add(builder.Add(tag));
            }
            else if (skip is not null)
            {
                skipped.Add(skip);
            }
        }

        // Entries of an index shared by several tags are noted once per tag; report each once.
        skipped.AddRange(builder.Notes.Distinct());
        return new RepositorySyncResult(
            _source.Registry,
            repository,
            batch,
            synced,
            builder.Images,
            builder.Attestations,
            [.. builder.SourceLinks.Order(StringComparer.Ordinal)],
            skipped);
    }

    public void Dispose() => _gate.Dispose();
}
