using Tether.Core.Graph;

namespace Tether.Benchmarks;

/// <summary>An <see cref="IGraphStore"/> that counts the read calls passed to the store it wraps: round trips per trace.</summary>
public sealed class CountingGraphStore(IGraphStore inner) : IGraphStore
{
    private long _calls;

    public long Calls => Interlocked.Read(ref _calls);

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task<IngestSummary> IngestAsync(GraphBatch batch, CancellationToken cancellationToken = default) => inner.IngestAsync(batch, cancellationToken);

    public Task<StoredNode?> FindNodeAsync(NodeRef node, CancellationToken cancellationToken = default) =>
        Count(inner.FindNodeAsync(node, cancellationToken));

    public Task<IReadOnlyList<StoredNode>> GetNodesAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        Count(inner.GetNodesAsync(ids, cancellationToken));

    public Task<IReadOnlyList<StoredNode>> FindNodesByKeyPrefixAsync(string kind, string keyPrefix, int limit, CancellationToken cancellationToken = default) =>
        Count(inner.FindNodesByKeyPrefixAsync(kind, keyPrefix, limit, cancellationToken));

    public Task<IReadOnlyList<StoredNode>> ListNodesAsync(string kind, string? afterKey, int limit, CancellationToken cancellationToken = default) =>
        Count(inner.ListNodesAsync(kind, afterKey, limit, cancellationToken));

    public Task<IReadOnlyList<StoredNode>> FindNodesByAliasAsync(string kind, string alias, CancellationToken cancellationToken = default) =>
        Count(inner.FindNodesByAliasAsync(kind, alias, cancellationToken));

    public Task<IReadOnlyList<StoredNode>> FindNodesByAliasesAsync(string kind, IReadOnlyCollection<string> aliases, CancellationToken cancellationToken = default) =>
        Count(inner.FindNodesByAliasesAsync(kind, aliases, cancellationToken));

    public Task<IReadOnlyList<StoredNode>> FindNodesByKeysAsync(string kind, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        Count(inner.FindNodesByKeysAsync(kind, keys, cancellationToken));

    public Task<IReadOnlyList<StoredEdge>> GetEdgesAsync(
        IReadOnlyCollection<long> nodeIds, EdgeDirection direction, IReadOnlyCollection<string>? types = null, CancellationToken cancellationToken = default) =>
        Count(inner.GetEdgesAsync(nodeIds, direction, types, cancellationToken));

    public Task<GraphCounts> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

    public Task<long> GetGenerationAsync(CancellationToken cancellationToken = default) => inner.GetGenerationAsync(cancellationToken);

    public Task<IReadOnlySet<string>> ChangedKindsAsync(long since, CancellationToken cancellationToken = default) => inner.ChangedKindsAsync(since, cancellationToken);

    public Task<GraphTopology> ReadTopologyAsync(TopologyRequest request, GraphTopology? previous = null, CancellationToken cancellationToken = default) =>
        inner.ReadTopologyAsync(request, previous, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the wrapped store is its owner's to dispose

    private Task<T> Count<T>(Task<T> call)
    {
        Interlocked.Increment(ref _calls);
        return call;
    }
}
