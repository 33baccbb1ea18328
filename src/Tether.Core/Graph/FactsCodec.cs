using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tether.Core.Model;

namespace Tether.Core.Graph;

/// <summary>
/// Turns facts records into stored JSON properties and back. The identity fields (those that make the
/// key) are stored too, so a node's JSON is self-describing for the API and the explorer.
/// </summary>
public static class FactsCodec
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // [JsonIgnore] on NodeFacts' abstract members is not inherited by the records' overrides; the
        // identity lives in the node's kind and key columns, so these never go into the properties.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (info.Type.IsAssignableTo(typeof(NodeFacts)))
                    {
                        foreach (var property in info.Properties.Where(p => p.Name is "kind" or "key" or "aliases" or "ref" or "replacesStored").ToList())
                        {
                            info.Properties.Remove(property);
                        }
                    }
                },
            },
        },
    };

    private static readonly Dictionary<string, Type> TypesByKind = new()
    {
        [NodeKinds.SourceRepository] = typeof(SourceRepositoryFacts),
        [NodeKinds.Commit] = typeof(CommitFacts),
        [NodeKinds.Dockerfile] = typeof(DockerfileFacts),
        [NodeKinds.PipelineRun] = typeof(PipelineRunFacts),
        [NodeKinds.Attestation] = typeof(AttestationFacts),
        [NodeKinds.Image] = typeof(ImageFacts),
        [NodeKinds.ImageReference] = typeof(ImageReferenceFacts),
        [NodeKinds.Layer] = typeof(LayerFacts),
        [NodeKinds.Package] = typeof(PackageFacts),
        [NodeKinds.Cluster] = typeof(ClusterFacts),
        [NodeKinds.Namespace] = typeof(NamespaceFacts),
        [NodeKinds.Workload] = typeof(WorkloadFacts),
        [NodeKinds.Pod] = typeof(PodFacts),
        [NodeKinds.Container] = typeof(ContainerFacts),
        [NodeKinds.Service] = typeof(ServiceFacts),
        [NodeKinds.Ingress] = typeof(IngressFacts),
        [NodeKinds.NetworkPolicy] = typeof(NetworkPolicyFacts),
        [NodeKinds.ServiceAccount] = typeof(ServiceAccountFacts),
        [NodeKinds.Gateway] = typeof(GatewayFacts),
        [NodeKinds.GatewayRoute] = typeof(GatewayRouteFacts),
        [NodeKinds.CloudIdentity] = typeof(CloudIdentityFacts),
        [NodeKinds.CloudResource] = typeof(CloudResourceFacts),
        [NodeKinds.Vulnerability] = typeof(VulnerabilityFacts),
        [NodeKinds.Finding] = typeof(FindingFacts),
        [NodeKinds.VulnerabilityMatch] = typeof(VulnerabilityMatchFacts),
        [NodeKinds.FindingEvent] = typeof(FindingEventFacts),
    };

    public static IReadOnlyCollection<string> Kinds => TypesByKind.Keys;

    public static string Encode(NodeFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return JsonSerializer.Serialize(facts, facts.GetType(), Options);
    }

    public static NodeFacts Decode(string kind, string key, string json)
    {
        if (!TypesByKind.TryGetValue(kind, out var type))
        {
            throw new InvalidOperationException($"Node {kind}:{key} has an unknown kind.");
        }

        return (NodeFacts?)JsonSerializer.Deserialize(json, type, Options)
            ?? throw new InvalidOperationException($"Node {kind}:{key} has empty properties.");
    }

    /// <summary>
    /// Shallow merge: top-level properties of <paramref name="update"/> replace those of <paramref name="existing"/>;
    /// properties the update does not carry (not observed by that collector) are kept. A map such as
    /// <c>labels</c> is replaced whole, because a fresh observation of labels is complete.
    /// </summary>
    public static string Merge(string existing, string update)
    {
        if (existing == update || existing.Length <= 2)
        {
            return update;
        }

        var merged = JsonNode.Parse(existing)!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(update)!.AsObject())
        {
            merged[name] = value?.DeepClone();
        }

        return merged.ToJsonString();
    }
}
