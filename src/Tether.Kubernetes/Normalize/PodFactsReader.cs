using k8s.Models;
using Tether.Core.Graph;
using Tether.Core.Identity;
using Tether.Core.Model;
using Tether.Kubernetes.Parse;

namespace Tether.Kubernetes.Normalize;

/// <summary>A pod, its containers (spec joined with status by name), the images they run and the account it runs as.</summary>
internal static class PodFactsReader
{
    public static PodFacts Read(RuntimeGraphBuilder graph, KubernetesItem item, V1Pod pod)
    {
        var spec = pod.Spec;
        var hostPorts = (spec?.InitContainers ?? []).Concat(spec?.Containers ?? [])
            .SelectMany(c => c.Ports ?? [])
            .Where(p => p.HostPort is > 0)
            .Select(p => p.HostPort!.Value)
            .Distinct()
            .Order()
            .ToList();
        var serviceAccount = string.IsNullOrEmpty(spec?.ServiceAccountName) ? spec?.ServiceAccount : spec.ServiceAccountName;
        var facts = graph.Add(new PodFacts(graph.Cluster, item.Namespace, item.Name)
        {
            Uid = Metadata.Uid(pod.Metadata),
            NodeName = spec?.NodeName,
            Phase = pod.Status?.Phase,
            Created = Metadata.Created(pod.Metadata),
            ServiceAccount = string.IsNullOrEmpty(serviceAccount) ? null : serviceAccount,
            HostNetwork = spec?.HostNetwork == true,
            HostPid = spec?.HostPID == true,
            HostIpc = spec?.HostIPC == true,
            HostPorts = hostPorts.Count > 0 ? hostPorts : null,
            AutomountServiceAccountToken = spec?.AutomountServiceAccountToken,
            Labels = Metadata.Labels(pod.Metadata),
            Annotations = Metadata.Annotations(pod.Metadata),
        });

        var ns = graph.Namespace(item.Namespace, item.Document);
        graph.Api(ns, EdgeTypes.Contains, facts.Ref, item.Document);

        var statuses = (pod.Status?.ContainerStatuses ?? []).Concat(pod.Status?.InitContainerStatuses ?? [])
            .GroupBy(s => s.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var container in spec?.InitContainers ?? [])
        {
            ReadContainer(graph, item, spec, container, statuses.GetValueOrDefault(container.Name), init: true, facts.Ref);
        }

        foreach (var container in spec?.Containers ?? [])
        {
            ReadContainer(graph, item, spec, container, statuses.GetValueOrDefault(container.Name), init: false, facts.Ref);
        }

        if (facts.ServiceAccount is { } account)
        {
            var accountRef = graph.AddIfAbsent(new ServiceAccountFacts(graph.Cluster, item.Namespace, account));
            graph.Api(facts.Ref, EdgeTypes.RunsAs, accountRef, item.Document);
        }

        return facts;
    }

    private static void ReadContainer(
        RuntimeGraphBuilder graph, KubernetesItem item, V1PodSpec? spec, V1Container container, V1ContainerStatus? status, bool init, NodeRef pod)
    {
        if (string.IsNullOrEmpty(container.Name))
        {
            return;
        }

        var imageId = string.IsNullOrWhiteSpace(status?.ImageID) ? null : status.ImageID;
        var running = ImageIdReference.Parse(imageId);
        var pinned = ImageName.TryParse(container.Image, out var name, out _) ? name.Digest : null;
        var digest = running?.ManifestDigest ?? pinned;
        var facts = graph.Add(new ContainerFacts(graph.Cluster, item.Namespace, item.Name, container.Name)
        {
            Init = init,
            Image = container.Image,
            ImageId = imageId,
            ImageDigest = digest,
            ImageDigestSource = running?.ManifestDigest is not null ? "status.imageID" : pinned is not null ? "spec.image" : null,
            ImageConfigId = running?.ConfigId,
            Privileged = ContainerSecurity.Privileged(container),
            RunAsRoot = ContainerSecurity.RunAsRoot(spec, container),
            AllowPrivilegeEscalation = ContainerSecurity.AllowPrivilegeEscalation(container),
            ReadOnlyRootFilesystem = ContainerSecurity.ReadOnlyRootFilesystem(container),
            AddedCapabilities = ContainerSecurity.AddedCapabilities(container),
            HostPathMounts = ContainerSecurity.HostPathMounts(spec, container),
            Ready = status?.Ready,
            RestartCount = status?.RestartCount,
        });
        graph.Api(pod, EdgeTypes.HasContainer, facts.Ref, item.Document);

        if (running?.ManifestDigest is { } runs)
        {
            graph.Api(facts.Ref, EdgeTypes.RunsImage, graph.AddIfAbsent(new ImageFacts(runs)), item.Document);
        }

        // A digest pinned in the spec is linked too when the runtime reported none or another one (an index digest
        // asked for, a platform digest reported): it is what the pod asked to run, with less certainty.
        if (pinned is not null && pinned != running?.ManifestDigest)
        {
            graph.Api(facts.Ref, EdgeTypes.RunsImage, graph.AddIfAbsent(new ImageFacts(pinned)), item.Document, RuntimeGraphBuilder.PinnedInSpec);
        }
    }
}
