using Tether.Core.Trace;
using Tether.Web.Graphs;
using Xunit;

namespace Tether.Web.Tests;

/// <summary>The blast-radius graph folds pods and workloads so 1,000 pods stay a dozen boxes.</summary>
public sealed class BlastRadiusGraphTests
{
    private static readonly EvidenceView Seen = new("container runs image", "kubernetes-api", 1, "kubernetes", "uid", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
    private static readonly PrivilegeView Plain = new(false, false, false, false, false, []);

    /// <summary>1,000 pods: workload i has i+1 pods until 1,000 are placed, over two clusters; workload 3 is exposed.</summary>
    private static List<RuntimeInstance> ThousandPods()
    {
        var runtime = new List<RuntimeInstance>();
        for (int workload = 0, pods = 0; pods < 1000; workload++)
        {
            for (var p = 0; p <= workload && pods < 1000; p++, pods++)
            {
                var exposure = workload == 3 ? new List<ExposureView> { new("Service/LoadBalancer", "ns/lb", "443") } : [];
                runtime.Add(new RuntimeInstance(workload % 2 == 0 ? "prod-a" : "prod-b", "ns", $"w{workload}-pod{p}", "app",
                    new WorkloadView("Deployment", $"w{workload}", workload + 1), null, "production", null, null, exposure, Plain, null, null, "sha256:aa", Seen));
            }
        }

        return runtime;
    }

    [Fact]
    public void A_thousand_pods_fold_into_the_top_workloads_and_one_more_node()
    {
        var graph = BlastRadiusGraph.Build("registry/app:1", ThousandPods());
        var workloads = graph.Nodes.Where(n => n.Column == 1).ToList();
        Assert.Equal(BlastRadiusGraph.DefaultTopWorkloads + 1, workloads.Count);
        var more = Assert.Single(workloads, n => n.Aggregate);
        Assert.Matches(@"^\+\d+ more workloads$", more.Label);
        Assert.Equal(1000, graph.Nodes.Where(n => n.Column == 2).Sum(n => int.Parse(n.Label.Split(' ')[0].Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)));
        // The cluster with the exposed workload comes first.
        Assert.Equal(["prod-b", "prod-a"], graph.Nodes.Where(n => n.Column == 3).Select(n => n.Label));
        Assert.True(graph.Nodes.Count <= 2 + 2 * (BlastRadiusGraph.DefaultTopWorkloads + 1) + 2);
    }

    [Fact]
    public void Pods_in_eighty_clusters_fold_into_the_top_clusters_and_one_more_node()
    {
        var spread = ThousandPods().Select((r, i) => r with { Cluster = $"cluster-{i % 80:D3}" }).ToList();
        var graph = BlastRadiusGraph.Build("registry/app:1", spread);
        var clusters = graph.Nodes.Where(n => n.Column == 3).ToList();
        Assert.Equal(BlastRadiusGraph.DefaultTopClusters + 1, clusters.Count);
        var more = Assert.Single(clusters, n => n.Aggregate);
        Assert.Equal($"+{80 - BlastRadiusGraph.DefaultTopClusters} more clusters", more.Label);
        var ids = graph.Nodes.Select(n => n.Id).ToHashSet();
        Assert.All(graph.Links, l => Assert.Contains(l.To, ids));
        Assert.Equal("cluster-000, cluster-001, cluster-002, cluster-003, cluster-004, cluster-005, cluster-006, cluster-007, cluster-008, cluster-009 and 70 more",
            ClusterList.Of([.. Enumerable.Range(0, 80).Select(i => $"cluster-{i:D3}")]));
    }

    [Fact]
    public void Exposed_workloads_come_first_and_are_marked()
    {
        var graph = BlastRadiusGraph.Build("registry/app:1", ThousandPods());
        var first = graph.Nodes.First(n => n.Column == 1);
        Assert.Equal("Deployment w3", first.Label);
        Assert.True(first.Exposed);
        Assert.Equal("4 internet-exposed", graph.Nodes.Single(n => n.Id == "p:0").Detail);
        Assert.False(graph.Nodes.Single(n => n.Id == "p:1").Exposed);
    }

    [Fact]
    public void The_layout_keeps_every_node_inside_the_drawing_and_links_left_to_right()
    {
        var layout = LayeredLayout.Place(BlastRadiusGraph.Build("registry/app:1", ThousandPods()));
        Assert.All(layout.Nodes, n => Assert.True(n.X >= 0 && n.Y >= 0 && n.X + n.Width <= layout.Width && n.Y + n.Height <= layout.Height));
        Assert.All(layout.Links, l => Assert.True(l.X2 > l.X1));
        Assert.Equal(layout.Model.Links.Count, layout.Links.Count);
    }
}
