using k8s.Models;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Kubernetes.Parse;

namespace Tether.Kubernetes.Normalize;

/// <summary>Namespaces, workloads (Deployment … CronJob), service accounts, and owner references between them and pods.</summary>
internal static class WorkloadFactsReader
{
    public static void ReadNamespace(RuntimeGraphBuilder graph, KubernetesItem item, V1Namespace ns)
    {
        var facts = graph.Add(new NamespaceFacts(graph.Cluster, item.Name)
        {
            Uid = Metadata.Uid(ns.Metadata),
            Labels = Metadata.Labels(ns.Metadata),
            Annotations = Metadata.Annotations(ns.Metadata),
        });
        graph.Api(new NodeRef(NodeKinds.Cluster, graph.Cluster), EdgeTypes.Contains, facts.Ref, item.Document);
    }

    public static void ReadWorkload(RuntimeGraphBuilder graph, KubernetesItem item)
    {
        var (replicas, template) = item.Object switch
        {
            V1Deployment d => (d.Spec?.Replicas, d.Spec?.Template?.Spec),
            V1ReplicaSet r => (r.Spec?.Replicas, r.Spec?.Template?.Spec),
            V1StatefulSet s => (s.Spec?.Replicas, s.Spec?.Template?.Spec),
            V1DaemonSet d => ((int?)null, d.Spec?.Template?.Spec),
            V1Job j => (null, j.Spec?.Template?.Spec),
            V1CronJob c => (null, c.Spec?.JobTemplate?.Spec?.Template?.Spec),
            _ => throw new ArgumentException($"{item.Kind} is not a workload kind.", nameof(item)),
        };
        var meta = item.Object.Metadata;
        var facts = graph.Add(new WorkloadFacts(graph.Cluster, item.Namespace, item.Kind, item.Name)
        {
            Uid = Metadata.Uid(meta),
            Replicas = replicas,
            Labels = Metadata.Labels(meta),
            Annotations = Metadata.Annotations(meta),
            Created = Metadata.Created(meta),
            Images = Metadata.Images(template),
        });
        graph.Api(graph.Namespace(item.Namespace, item.Document), EdgeTypes.Contains, facts.Ref, item.Document);
    }

    public static void ReadServiceAccount(RuntimeGraphBuilder graph, KubernetesItem item, V1ServiceAccount account)
    {
        var annotations = Metadata.Annotations(account.Metadata);
        var (identity, provider) = WorkloadIdentity.From(account.Metadata?.Annotations);
        var facts = graph.Add(new ServiceAccountFacts(graph.Cluster, item.Namespace, item.Name)
        {
            AutomountToken = account.AutomountServiceAccountToken,
            Annotations = annotations,
            CloudIdentity = identity,
            CloudIdentityProvider = provider,
        });
        graph.Api(graph.Namespace(item.Namespace, item.Document), EdgeTypes.Contains, facts.Ref, item.Document);
        if (identity is not null && provider is not null)
        {
            // The annotation is the cluster's word that pods of this account act as the identity; the cloud inventory
            // (tether ingest cloud) may add the identity's name and grants to the same node later.
            var cloud = graph.AddIfAbsent(new CloudIdentityFacts(provider, identity));
            graph.Api(facts.Ref, EdgeTypes.AssumesIdentity, cloud, item.Document);
        }
    }

    /// <summary>
    /// <c>owned_by</c> links from ownerReferences (pod → ReplicaSet → Deployment, Job → CronJob…). An owner absent from
    /// the input still gets a workload node from the reference's kind, name and uid — the reference is the API's word.
    /// </summary>
    public static void LinkOwners(RuntimeGraphBuilder graph, KubernetesItem item, NodeRef owned)
    {
        foreach (var owner in item.Object.Metadata?.OwnerReferences ?? [])
        {
            if (string.IsNullOrEmpty(owner.Name) || owner.Kind is null || !SupportedKinds.WorkloadKinds.Contains(owner.Kind))
            {
                continue;
            }

            var ownerRef = new NodeRef(NodeKinds.Workload, WorkloadFacts.KeyOf(graph.Cluster, item.Namespace, owner.Kind, owner.Name));
            if (!graph.Has(ownerRef))
            {
                graph.AddIfAbsent(new WorkloadFacts(graph.Cluster, item.Namespace, owner.Kind, owner.Name)
                {
                    Uid = string.IsNullOrEmpty(owner.Uid) ? null : owner.Uid,
                });
                graph.Api(graph.Namespace(item.Namespace, item.Document), EdgeTypes.Contains, ownerRef, item.Document);
            }

            graph.Api(owned, EdgeTypes.OwnedBy, ownerRef, item.Document);
        }
    }
}
