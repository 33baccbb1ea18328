using Tether.Core.Graph;
using Xunit;

namespace Tether.Pipeline.Tests;

/// <summary>Finds edges of a batch by endpoints, failing with the batch's edges listed.</summary>
internal static class GraphAssertions
{
    public static GraphEdge Edge(this GraphBatch batch, NodeRef from, string type, NodeRef to)
    {
        var edge = batch.Edges.SingleOrDefault(e => e.From == from && e.Type == type && e.To == to);
        Assert.True(edge is not null, $"No edge {from} -{type}-> {to}. Edges:\n" + string.Join("\n", batch.Edges.Select(e => $"{e.From} -{e.Type}-> {e.To}")));
        return edge!;
    }

    public static T Node<T>(this GraphBatch batch, string kind, string key) where T : NodeFacts
    {
        var node = batch.Nodes.SingleOrDefault(n => n.Kind == kind && n.Key == key);
        Assert.True(node is not null, $"No node {kind}:{key}. Nodes:\n" + string.Join("\n", batch.Nodes.Select(n => n.Ref.ToString())));
        return Assert.IsType<T>(node);
    }
}
