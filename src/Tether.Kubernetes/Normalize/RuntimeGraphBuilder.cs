using Tether.Core.Graph;
using Tether.Core.Model;

namespace Tether.Kubernetes.Normalize;

/// <summary>
/// Adds one cluster's facts to a batch: remembers which nodes are already in it (a full object is never
/// replaced by a placeholder made from a reference to it) and builds evidence with the batch's collector and time.
/// </summary>
internal sealed class RuntimeGraphBuilder(GraphBatch batch, string cluster)
{
    public const double Certain = 1.0;

    /// <summary>A digest written in the pod spec is what was asked for; the runtime's imageID is what runs.</summary>
    public const double PinnedInSpec = 0.8;

    private readonly HashSet<NodeRef> _added = [];

    public GraphBatch Batch { get; } = batch;
    public string Cluster { get; } = cluster;
    public List<string> Unresolved { get; } = [];

    public T Add<T>(T facts) where T : NodeFacts
    {
        _added.Add(facts.Ref);
        return Batch.Add(facts);
    }

    /// <summary>Adds <paramref name="facts"/> only when the batch does not hold that node yet.</summary>
    public NodeRef AddIfAbsent(NodeFacts facts)
    {
        if (_added.Add(facts.Ref))
        {
            Batch.Add(facts);
        }

        return facts.Ref;
    }

    public bool Has(NodeRef node) => _added.Contains(node);

    public void Link(NodeRef from, string type, NodeRef to, string method, double confidence, string document) =>
        Batch.Link(from, type, to, new Evidence(Batch.Collector, method, confidence, Batch.ObservedAt, document));

    public void Api(NodeRef from, string type, NodeRef to, string document, double confidence = Certain) =>
        Link(from, type, to, Core.Graph.EvidenceMethods.KubernetesApi, confidence, document);

    /// <summary>The namespace node (a placeholder when no Namespace object was read) and its link from the cluster.</summary>
    public NodeRef Namespace(string name, string document)
    {
        var node = new NamespaceFacts(Cluster, name);
        if (!Has(node.Ref))
        {
            AddIfAbsent(node);
            Api(new NodeRef(NodeKinds.Cluster, Cluster), EdgeTypes.Contains, node.Ref, document);
        }

        return node.Ref;
    }
}
