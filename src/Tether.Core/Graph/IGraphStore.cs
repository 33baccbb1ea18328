namespace Tether.Core.Graph;

/// <summary>
/// The one storage interface. Backends (SQLite, PostgreSQL) must pass the same conformance suite.
/// Reads are set-oriented (many ids per call) so a trace costs a handful of round trips, not one per pod.
/// </summary>
public interface IGraphStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema. Idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a batch in one transaction: all of it or nothing.</summary>
    Task<IngestSummary> IngestAsync(GraphBatch batch, CancellationToken cancellationToken = default);

    Task<StoredNode?> FindNodeAsync(NodeRef node, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredNode>> GetNodesAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);

    /// <summary>Nodes of a kind whose key starts with a prefix, ordered by key (e.g. a short digest, a cluster).</summary>
    Task<IReadOnlyList<StoredNode>> FindNodesByKeyPrefixAsync(string kind, string keyPrefix, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// A page of the nodes of a kind, ordered by key, starting after <paramref name="afterKey"/> (null: from the first).
    /// Pass the last key of a page to get the next; an empty page is the end. Used to walk every package for a full re-match.
    /// </summary>
    Task<IReadOnlyList<StoredNode>> ListNodesAsync(string kind, string? afterKey, int limit, CancellationToken cancellationToken = default);

    /// <summary>Nodes of a kind known by an alias (vulnerability ids across databases).</summary>
    Task<IReadOnlyList<StoredNode>> FindNodesByAliasAsync(string kind, string alias, CancellationToken cancellationToken = default);

    /// <summary>Nodes of a kind known by any of the aliases, each once, in no particular order.</summary>
    Task<IReadOnlyList<StoredNode>> FindNodesByAliasesAsync(string kind, IReadOnlyCollection<string> aliases, CancellationToken cancellationToken = default);

    /// <summary>The stored nodes of a kind with these keys (absent keys are skipped), in no particular order.</summary>
    Task<IReadOnlyList<StoredNode>> FindNodesByKeysAsync(string kind, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Edges touching any of the nodes, optionally restricted to some types.</summary>
    Task<IReadOnlyList<StoredEdge>> GetEdgesAsync(
        IReadOnlyCollection<long> nodeIds,
        EdgeDirection direction,
        IReadOnlyCollection<string>? types = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// A counter that moves forward whenever a batch is stored, so readers can keep what they derived from the graph
    /// (a <see cref="GraphTopology"/>) until it changes. Cheap: one row read.
    /// </summary>
    Task<long> GetGenerationAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The whole graph's structure (nodes without properties, edges without evidence) as one consistent picture,
    /// stamped with the generation it was read at. With <paramref name="previous"/> (a picture of this store read with
    /// the same request), only the nodes and edges written since it are read and merged into a copy of it.
    /// </summary>
    Task<GraphTopology> ReadTopologyAsync(TopologyRequest request, GraphTopology? previous = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The kinds of the nodes written after generation <paramref name="since"/>, and of both ends of the edges written
    /// after it: what a reader holding a picture of that generation would see changed. Cheap for a small change.
    /// </summary>
    Task<IReadOnlySet<string>> ChangedKindsAsync(long since, CancellationToken cancellationToken = default);

    /// <summary>Node counts per kind and the edge count.</summary>
    Task<GraphCounts> CountAsync(CancellationToken cancellationToken = default);
}

public sealed record IngestSummary(int NodesCreated, int NodesUpdated, int EdgesStored, int NodesEnded);

public sealed record GraphCounts(IReadOnlyDictionary<string, long> NodesByKind, long Edges);
