using Tether.Core.Graph;

namespace Tether.Server.Api;

/// <summary>
/// Pages through the nodes of a kind in key order: optionally those of one cluster (keys start with
/// <c>{cluster}/</c>), whose key contains <c>q</c>, current ones only unless asked. A page scans at most
/// <see cref="MaxScanned"/> nodes; when a filter is sparse the page may be short, and its cursor continues the scan.
/// </summary>
public static class NodeLister
{
    public const int MaxScanned = 20_000;
    private const int ReadSize = 500;

    public static async Task<Page<NodeView>> ListAsync(
        IGraphStore graph, string kind, int? limit, string? cursor, string? q, string? cluster, bool includeEnded, CancellationToken cancellationToken)
    {
        var take = Paging.Limit(limit);
        var after = Paging.Decode(cursor);
        var prefix = string.IsNullOrEmpty(cluster) ? null : cluster + "/";
        if (prefix is not null && (after is null || string.CompareOrdinal(after, prefix) < 0))
        {
            after = prefix;
        }

        var items = new List<NodeView>();
        var scanned = 0;
        while (scanned < MaxScanned)
        {
            var page = await graph.ListNodesAsync(kind, after, ReadSize, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                return new Page<NodeView>(items, null);
            }

            foreach (var node in page)
            {
                if (prefix is not null && !node.Key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return new Page<NodeView>(items, null);
                }

                after = node.Key;
                scanned++;
                if ((includeEnded || node.IsCurrent) && (string.IsNullOrEmpty(q) || node.Key.Contains(q, StringComparison.OrdinalIgnoreCase)))
                {
                    items.Add(NodeView.Of(node));
                    if (items.Count == take)
                    {
                        return new Page<NodeView>(items, Paging.Encode(after));
                    }
                }
            }

            if (page.Count < ReadSize)
            {
                return new Page<NodeView>(items, null);
            }
        }

        return new Page<NodeView>(items, Paging.Encode(after!));
    }
}
