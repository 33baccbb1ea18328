using System.Text.Json.Nodes;
using Tether.Kubernetes.Parse;

namespace Tether.Kubernetes.Tests.Collect;

/// <summary>The recorded fixture objects as JSON, for the fake API server to serve.</summary>
internal static class RecordedObjects
{
    /// <summary>The objects of a fixture file (items of a list, each document of a YAML stream), with kind and apiVersion.</summary>
    public static IReadOnlyList<JsonObject> Of(string fixture)
    {
        var text = Fixtures.Text(fixture);
        var documents = text.TrimStart().StartsWith('{')
            ? [JsonNode.Parse(text)]
            : YamlToJson.ConvertAll(text, fixture, KubernetesParseLimits.Default);
        var objects = new List<JsonObject>();
        foreach (var document in documents.OfType<JsonObject>())
        {
            if (document["items"] is JsonArray items)
            {
                var kind = ((string)document["kind"]!)[..^"List".Length];
                foreach (var item in items.OfType<JsonObject>())
                {
                    var copy = (JsonObject)item.DeepClone();
                    copy["apiVersion"] ??= (string?)document["apiVersion"];
                    copy["kind"] ??= kind;
                    objects.Add(copy);
                }
            }
            else
            {
                objects.Add(document);
            }
        }

        return objects;
    }

    public static JsonObject Pod(string name) =>
        Of(Fixtures.PodList).Single(p => (string?)p["metadata"]!["name"] == name);

    /// <summary>A copy of a recorded pod under another name and uid (a new replica of the same ReplicaSet).</summary>
    public static JsonObject Renamed(JsonObject pod, string name, string uid)
    {
        var copy = (JsonObject)pod.DeepClone();
        copy["metadata"]!["name"] = name;
        copy["metadata"]!["uid"] = uid;
        return copy;
    }
}
