using Tether.Core.Graph;
using Tether.Core.Model;

namespace Tether.Web.Data;

/// <summary>The inventory tabs and the node kind each lists.</summary>
public static class InventoryTabs
{
    public const string Clusters = "clusters";
    public const string Workloads = "workloads";
    public const string Images = "images";
    public const string Repositories = "repositories";

    public static readonly IReadOnlyList<(string Tab, string Title, string Kind)> All =
    [
        (Clusters, "Clusters", NodeKinds.Cluster),
        (Workloads, "Workloads", NodeKinds.Workload),
        (Images, "Images", NodeKinds.Image),
        (Repositories, "Source repositories", NodeKinds.SourceRepository),
    ];

    public static string KindOf(string tab) => All.FirstOrDefault(t => t.Tab == tab).Kind ?? NodeKinds.Cluster;
}

/// <summary>A page of one inventory tab: nodes ordered by key, the key to continue after, and what was searched.</summary>
public sealed record InventoryPage(string Tab, IReadOnlyList<StoredNode> Nodes, string? NextAfter, int Scanned, bool ScanCapped);

/// <summary>What the user asked the inventory for.</summary>
/// <param name="Tab">One of <see cref="InventoryTabs"/>.</param>
/// <param name="Query">Case-insensitive text the key must contain (names, digests, URLs all live in keys).</param>
/// <param name="Cluster">Only things in this cluster (runtime tabs).</param>
/// <param name="CurrentOnly">Hide ended nodes (deleted pods, moved tags).</param>
/// <param name="After">Keyset paging: continue after this key.</param>
/// <param name="PageSize">Rows per page (1–500).</param>
public sealed record InventoryQuery(string Tab, string? Query, string? Cluster, bool CurrentOnly, string? After, int PageSize = 50);

/// <summary>
/// Lists inventory pages straight from the store with keyset paging (ordered by key, never OFFSET), so page 200 of
/// 50,000 images costs what page 1 does. A text search walks the kind in chunks and stops when a page is full or a
/// scan cap is reached (then the page says so rather than pretend it saw everything).
/// </summary>
public sealed class InventoryReader(IGraphStore store)
{
    public const int ScanCap = 200_000;
    private const int Chunk = 2_000;

    public async Task<InventoryPage> ReadAsync(InventoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var kind = InventoryTabs.KindOf(query.Tab);
        var size = Math.Clamp(query.PageSize, 1, 500);
        var results = new List<StoredNode>();
        string? after = string.IsNullOrEmpty(query.After) ? null : query.After;
        var scanned = 0;
        var clusterPrefix = string.IsNullOrWhiteSpace(query.Cluster) || kind is NodeKinds.Image or NodeKinds.SourceRepository ? null : query.Cluster.Trim() + "/";
        if (clusterPrefix is not null && kind == NodeKinds.Cluster)
        {
            clusterPrefix = null;
        }

        while (results.Count < size && scanned < ScanCap)
        {
            // Workload keys start with the cluster: a cluster filter is a key-prefix read, not a scan.
            IReadOnlyList<StoredNode> chunk;
            if (clusterPrefix is not null)
            {
                chunk = await store.FindNodesByKeyPrefixAsync(kind, clusterPrefix, ScanCap, cancellationToken).ConfigureAwait(false);
                chunk = after is null ? chunk : chunk.Where(n => string.CompareOrdinal(n.Key, after) > 0).ToList();
            }
            else
            {
                chunk = await store.ListNodesAsync(kind, after, Chunk, cancellationToken).ConfigureAwait(false);
            }

            if (chunk.Count == 0)
            {
                return new InventoryPage(query.Tab, results, null, scanned, false);
            }

            foreach (var node in chunk)
            {
                scanned++;
                after = node.Key;
                if (Matches(node, query))
                {
                    results.Add(node);
                    if (results.Count == size)
                    {
                        return new InventoryPage(query.Tab, results, node.Key, scanned, false);
                    }
                }
            }

            if (clusterPrefix is not null)
            {
                return new InventoryPage(query.Tab, results, null, scanned, false);
            }
        }

        return new InventoryPage(query.Tab, results, after, scanned, scanned >= ScanCap);
    }

    private static bool Matches(StoredNode node, InventoryQuery query) =>
        (!query.CurrentOnly || node.IsCurrent)
        && (string.IsNullOrWhiteSpace(query.Query) || node.Key.Contains(query.Query.Trim(), StringComparison.OrdinalIgnoreCase)
            || (node.Kind == NodeKinds.Image && node.Facts<ImageFacts>().Repositories?.Any(r => r.Contains(query.Query.Trim(), StringComparison.OrdinalIgnoreCase)) == true));

    /// <summary>Current pods per cluster, for the clusters tab.</summary>
    public async Task<int> CountPodsAsync(string cluster, CancellationToken cancellationToken) =>
        (await store.FindNodesByKeyPrefixAsync(NodeKinds.Pod, cluster + "/", 1_000_000, cancellationToken).ConfigureAwait(false)).Count(p => p.IsCurrent);
}
