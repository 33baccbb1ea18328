using Tether.Core.Graph;

namespace Tether.Kubernetes;

/// <summary>Snapshot declarations for a complete read of a cluster (or of one namespace of it).</summary>
public static class RuntimeSnapshot
{
    /// <summary>Node kinds whose keys start with <c>{cluster}/</c>: everything a cluster read covers.</summary>
    public static readonly IReadOnlyList<string> Kinds =
    [
        NodeKinds.Namespace, NodeKinds.Workload, NodeKinds.Pod, NodeKinds.Container,
        NodeKinds.Service, NodeKinds.Ingress, NodeKinds.NetworkPolicy, NodeKinds.ServiceAccount,
        NodeKinds.Gateway, NodeKinds.GatewayRoute,
    ];

    /// <summary>
    /// Declares <paramref name="batch"/> complete for <paramref name="kinds"/> (all runtime kinds by default) of
    /// <paramref name="cluster"/>, or of one namespace when <paramref name="ns"/> is given (namespaces themselves are
    /// then not declared: one namespace's read says nothing about the others).
    /// </summary>
    public static void Declare(GraphBatch batch, string cluster, string? ns, IEnumerable<string>? kinds = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var kind in kinds ?? Kinds)
        {
            if (ns is null)
            {
                batch.DeclareSnapshot(kind, cluster + "/");
            }
            else if (kind != NodeKinds.Namespace)
            {
                batch.DeclareSnapshot(kind, $"{cluster}/{ns}/");
            }
        }
    }
}
