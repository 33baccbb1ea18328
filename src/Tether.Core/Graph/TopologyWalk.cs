namespace Tether.Core.Graph;

/// <summary>Single hops over a <see cref="GraphTopology"/> by edge type name, for code that walks a fixed path.</summary>
public sealed class TopologyWalk(GraphTopology topology)
{
    public GraphTopology Topology => topology;

    /// <summary>Calls <paramref name="visit"/> with each neighbour along edges of <paramref name="type"/>.</summary>
    public void Each(int node, string type, EdgeDirection direction, Action<int> visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        Each(node, type, direction, (other, _) => visit(other));
    }

    /// <summary>
    /// Calls <paramref name="visit"/> with each neighbour and whether the edge was re-stated the last time its source
    /// node was observed.
    /// </summary>
    public void Each(int node, string type, EdgeDirection direction, Action<int, bool> visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var typeId = topology.TypeIdOf(type);
        if (typeId < 0)
        {
            return;
        }

        var edges = topology.Edges(node, direction);
        for (var i = 0; i < edges.Length; i++)
        {
            if (edges.Types[i] == typeId)
            {
                visit(edges.Others[i], edges.CurrentForSource[i]);
            }
        }
    }

    /// <summary>The first neighbour (in store order) the filter accepts, or null.</summary>
    public int? First(int node, string type, EdgeDirection direction, Func<int, bool, bool> accept)
    {
        ArgumentNullException.ThrowIfNull(accept);
        var typeId = topology.TypeIdOf(type);
        if (typeId < 0)
        {
            return null;
        }

        var edges = topology.Edges(node, direction);
        for (var i = 0; i < edges.Length; i++)
        {
            if (edges.Types[i] == typeId && accept(edges.Others[i], edges.CurrentForSource[i]))
            {
                return edges.Others[i];
            }
        }

        return null;
    }

    /// <summary>The node of <paramref name="kind"/> holding <paramref name="node"/> by a <c>contains</c> edge (a pod's namespace, a namespace's cluster), or null.</summary>
    public int? ContainedBy(int node, string kind) =>
        First(node, EdgeTypes.Contains, EdgeDirection.Incoming, (other, _) => topology.IsKind(other, kind));
}
