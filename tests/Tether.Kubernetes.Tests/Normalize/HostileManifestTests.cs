using System.Text;
using System.Text.Json.Nodes;
using Tether.Core.Errors;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Kubernetes.Normalize;
using Tether.Kubernetes.Parse;
using Xunit;

namespace Tether.Kubernetes.Tests.Normalize;

/// <summary>
/// Every value of the real manifests replaced by each other JSON type (and by strings that would break node keys),
/// and every truncation point sampled, through the parser and the normalizer: the only failure allowed is an
/// <see cref="InputException"/> (no crash, no other exception type).
/// </summary>
public sealed class HostileManifestTests
{
    public static TheoryData<string> AllFixtures => new(Fixtures.All);

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void Any_value_replaced_by_any_other_type_fails_only_with_InputException(string file)
    {
        var root = AsJson(file);
        var outcomes = new HashSet<string>(StringComparer.Ordinal);
        var unexpected = new List<string>();
        foreach (var node in Paths(root))
        {
            foreach (var replacement in new Func<JsonNode?>[] { () => null, () => 7, () => "x", () => "a/b", () => "\u0001", () => new JsonArray(), () => new JsonObject() })
            {
                // Swap the value out, serialize, and put the original back: one tree serves every case.
                var (parent, name, index) = (node.Parent!, node.Parent is JsonObject ? node.GetPropertyName() : null, node.Parent is JsonArray ? node.GetElementIndex() : -1);
                var value = replacement();
                var path = node.GetPath();
                Set(parent, name, index, value);
                var outcome = Outcome(Encoding.UTF8.GetBytes(root.ToJsonString()), "hostile.json");
                Set(parent, name, index, node);
                outcomes.Add(outcome);
                if (outcome is not ("ok" or "InputException"))
                {
                    unexpected.Add($"{path} = {value?.ToJsonString() ?? "null"}: {outcome}");
                }
            }
        }

        Assert.True(unexpected.Count == 0, string.Join(Environment.NewLine, unexpected));
        Assert.Equal(["InputException", "ok"], outcomes.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void Any_truncation_fails_with_InputException_or_reads_what_is_left(string file)
    {
        var original = Fixtures.Bytes(file);
        var json = original[0] == (byte)'{';
        for (var length = 0; length < original.Length - 1; length += 37)
        {
            var outcome = Outcome(original[..length], json ? "cut.json" : "cut.yaml");
            // A YAML file cut at a line end is still YAML; a JSON file cut anywhere is not JSON.
            Assert.True(outcome == "InputException" || (!json && outcome == "ok"), $"cut at {length}: {outcome}");
        }
    }

    /// <summary>Names in runtime keys are joined by '/', so a key with more segments holds a name with a '/' in it.</summary>
    private static readonly Dictionary<string, int> KeySegments = new()
    {
        [NodeKinds.Namespace] = 2, [NodeKinds.Pod] = 3, [NodeKinds.Container] = 4, [NodeKinds.Workload] = 4,
        [NodeKinds.Service] = 3, [NodeKinds.Ingress] = 3, [NodeKinds.NetworkPolicy] = 3, [NodeKinds.ServiceAccount] = 3,
    };

    private static string Outcome(byte[] content, string source)
    {
        try
        {
            var parsed = KubernetesManifestParser.Parse(content, source);
            var batch = new GraphBatch(KubernetesFiles.Collector, FixtureGraph.ObservedAt);
            KubernetesNormalizer.Normalize(new ClusterFacts("demo"), parsed.Items, batch);
            var corrupt = batch.Nodes.FirstOrDefault(n => KeySegments.TryGetValue(n.Kind, out var segments) && n.Key.Split('/').Length != segments);
            return corrupt is null ? "ok" : $"{corrupt.Kind} key {corrupt.Key} has a '/' inside a name";
        }
        catch (InputException)
        {
            return "InputException";
        }
        catch (Exception e)
        {
            return e.GetType().Name + ": " + e.Message;
        }
    }

    /// <summary>The fixture as one JSON tree: YAML documents as converted by the parser, several wrapped in a List.</summary>
    private static JsonNode AsJson(string file)
    {
        if (Fixtures.Bytes(file)[0] == (byte)'{')
        {
            return JsonNode.Parse(Fixtures.Bytes(file))!;
        }

        var documents = YamlToJson.ConvertAll(Fixtures.Text(file), file, KubernetesParseLimits.Default).OfType<JsonNode>().ToList();
        return documents.Count == 1
            ? documents[0]
            : new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = new JsonArray([.. documents]) };
    }

    /// <summary>Every node below the root, in document order.</summary>
    private static List<JsonNode> Paths(JsonNode root)
    {
        var nodes = new List<JsonNode>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (_, child) in o)
                    {
                        if (child is not null) { nodes.Add(child); Walk(child); }
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        if (child is not null) { nodes.Add(child); Walk(child); }
                    }

                    break;
            }
        }

        Walk(root);
        return nodes;
    }

    private static void Set(JsonNode parent, string? name, int index, JsonNode? value)
    {
        if (name is not null)
        {
            parent[name] = value;
        }
        else
        {
            parent[index] = value;
        }
    }
}
