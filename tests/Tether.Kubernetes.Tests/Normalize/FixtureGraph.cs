using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Kubernetes.Normalize;
using Tether.Kubernetes.Parse;
using Tether.Testing;

namespace Tether.Kubernetes.Tests.Normalize;

/// <summary>A batch normalized from fixtures, with lookups for assertions.</summary>
internal sealed class FixtureGraph
{
    public static readonly DateTimeOffset ObservedAt = new ManualClock().GetUtcNow();

    private FixtureGraph(GraphBatch batch, NormalizeResult result)
    {
        Batch = batch;
        Result = result;
    }

    public GraphBatch Batch { get; }
    public NormalizeResult Result { get; }

    public static FixtureGraph Of(params string[] fixtures) => Of(fixtures.Select(Fixtures.Parse).ToArray());

    public static FixtureGraph OfText(params string[] yaml) => Of(yaml.Select((text, i) => Fixtures.ParseText(text, $"inline-{i}.yaml")).ToArray());

    public static FixtureGraph Of(params ParsedManifests[] parsed)
    {
        var batch = new GraphBatch(KubernetesFiles.Collector, ObservedAt);
        var result = KubernetesNormalizer.Normalize(new ClusterFacts("demo"), parsed.SelectMany(p => p.Items), batch);
        return new FixtureGraph(batch, result);
    }

    public T Node<T>(string key) where T : NodeFacts =>
        Batch.Nodes.OfType<T>().SingleOrDefault(n => n.Key == key) ?? throw new InvalidOperationException($"no {typeof(T).Name} {key}");

    public bool Has<T>(string key) where T : NodeFacts => Batch.Nodes.OfType<T>().Any(n => n.Key == key);

    public IReadOnlyList<GraphEdge> From(string kind, string key, string type) =>
        Batch.Edges.Where(e => e.From == new NodeRef(kind, key) && e.Type == type).ToList();

    public IReadOnlyList<GraphEdge> To(string kind, string key, string type) =>
        Batch.Edges.Where(e => e.To == new NodeRef(kind, key) && e.Type == type).ToList();
}
