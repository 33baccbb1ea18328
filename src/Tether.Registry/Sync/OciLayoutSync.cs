using Tether.Core.Graph;
using Tether.Registry.Client.Layout;

namespace Tether.Registry.Sync;

/// <summary>Library entry for syncing an OCI image layout directory as if it lived at <c>REGISTRY/REPOSITORY</c>.</summary>
public static class OciLayoutSync
{
    /// <summary>
    /// Reads every tagged image of the layout (or only <paramref name="tags"/>) into one batch (not stored),
    /// keyed and linked exactly as a registry sync of <c>registry/repository</c> would.
    /// </summary>
    /// <param name="layoutDirectory">The OCI layout directory (read only).</param>
    /// <param name="registry">Registry host to record, e.g. <c>ghcr.io</c>.</param>
    /// <param name="repository">Repository to record, e.g. <c>org/app</c>.</param>
    /// <param name="time">Observation time of the batch.</param>
    /// <param name="provenance">Reads SLSA provenance from BuildKit attestations; null to skip.</param>
    /// <param name="tags">Tags to read; null for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<RepositorySyncResult> SyncAsync(
        string layoutDirectory,
        string registry,
        string repository,
        TimeProvider time,
        IProvenanceReader? provenance = null,
        IReadOnlyCollection<string>? tags = null,
        CancellationToken cancellationToken = default)
    {
        var source = new OciLayoutSource(layoutDirectory, registry, repository);
        using var sync = new RegistrySync(source, new RegistrySyncOptions { Time = time, Provenance = provenance, Tags = tags, Concurrency = 1, EndUnlistedTags = false });
        return await sync.SyncRepositoryAsync(repository, null, cancellationToken).ConfigureAwait(false);
    }
}
