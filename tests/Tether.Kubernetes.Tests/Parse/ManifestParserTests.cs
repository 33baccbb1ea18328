using System.Text.Json.Nodes;
using k8s.Models;
using Xunit;

namespace Tether.Kubernetes.Tests.Parse;

public sealed class ManifestParserTests
{
    [Fact]
    public void A_kubelet_PodList_gives_typed_pods_in_file_order_with_their_uids_as_documents()
    {
        var parsed = Fixtures.Parse(Fixtures.PodList);

        Assert.Equal(
            ["kube-controller-manager", "kube-proxy-d9fx4", "kube-scheduler-4p822", "coredns-747dbcf5df-ks57g", "redis-unready-69cfd574f5-wg9vb"],
            parsed.Items.Select(i => i.Name));
        Assert.All(parsed.Items, i => Assert.IsType<V1Pod>(i.Object));
        Assert.Equal("Pod", parsed.Items[0].Kind);
        Assert.Equal("$.items[3]", parsed.Items[3].Location);
        Assert.Equal("47af7bf2-85f7-11e9-892f-02c6fa0ccfb0", parsed.Items[3].Document);
        Assert.Empty(parsed.Skipped);
    }

    [Fact]
    public void A_single_JSON_object_and_a_single_YAML_document_are_read_alike()
    {
        var deployment = Assert.Single(Fixtures.Parse(Fixtures.Deployment).Items);
        var service = Assert.Single(Fixtures.Parse(Fixtures.ServiceLoadBalancer).Items);

        Assert.Equal(3, Assert.IsType<V1Deployment>(deployment.Object).Spec.Replicas);
        Assert.Equal("$", deployment.Location);
        var lb = Assert.IsType<V1Service>(service.Object);
        Assert.Equal("LoadBalancer", lb.Spec.Type);
        Assert.Equal([15021, 80, 443], lb.Spec.Ports.Select(p => p.Port));
        Assert.Equal("document[0]", service.Location);
    }

    [Fact]
    public void A_multi_document_YAML_stream_gives_each_document_and_ignores_empty_ones()
    {
        var stream = string.Join("\n---\n", Fixtures.Text(Fixtures.ChainIngress), Fixtures.Text(Fixtures.ChainService), Fixtures.Text(Fixtures.ChainDeployment)) + "\n---\n";

        var parsed = Fixtures.ParseText(stream);

        Assert.Equal(["Ingress", "Service", "Deployment"], parsed.Items.Select(i => i.Kind));
        Assert.Equal(["document[0]", "document[1]", "document[2]"], parsed.Items.Select(i => i.Location));
        var ingress = Assert.IsType<V1Ingress>(parsed.Items[0].Object);
        Assert.Equal("alb-public-123456789.us-east-1.elb.amazonaws.com", ingress.Status.LoadBalancer.Ingress[0].Hostname);
    }

    [Fact]
    public void A_kind_List_of_mixed_objects_dispatches_each_item_and_counts_unknown_kinds()
    {
        var list = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "List",
            ["items"] = new JsonArray(
                JsonNode.Parse(Fixtures.Text(Fixtures.Deployment)),
                JsonNode.Parse(Fixtures.Text(Fixtures.ServiceClusterIp)),
                JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}"""),
                JsonNode.Parse("""{"apiVersion":"extensions/v1beta1","kind":"Deployment","metadata":{"name":"old"}}"""),
                JsonNode.Parse("""{"apiVersion":"cert-manager.io/v1","kind":"Certificate","metadata":{"name":"x"}}"""),
                JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"d"}}"""),
                JsonNode.Parse(Fixtures.Text(Fixtures.ServiceAccount))),
        };

        var parsed = Fixtures.ParseText(list.ToJsonString(), "list.json");

        Assert.Equal(["Deployment", "Service", "ServiceAccount"], parsed.Items.Select(i => i.Kind));
        Assert.Equal("$.items[6]", parsed.Items[2].Location);
        Assert.Equal(
            new Dictionary<string, int> { ["v1/ConfigMap"] = 2, ["extensions/v1beta1/Deployment"] = 1, ["cert-manager.io/v1/Certificate"] = 1 },
            parsed.Skipped);
    }

    [Fact]
    public void A_YAML_kind_List_is_read_like_the_JSON_one()
    {
        var yaml = "apiVersion: v1\nkind: List\nitems:\n" + Indent(Fixtures.Text(Fixtures.ChainService)) + Indent(Fixtures.Text(Fixtures.NetworkPolicy));

        var parsed = Fixtures.ParseText(yaml);

        Assert.Equal(["Service", "NetworkPolicy"], parsed.Items.Select(i => i.Kind));
        Assert.Equal("document[0].items[1]", parsed.Items[1].Location);
        Assert.Equal("172.20.108.234", Assert.IsType<V1Service>(parsed.Items[0].Object).Spec.ClusterIP);
    }

    [Fact]
    public void Items_of_a_typed_list_without_kind_take_it_from_the_list_as_API_servers_send_them()
    {
        var parsed = Fixtures.ParseText("""{"apiVersion":"apps/v1","kind":"DeploymentList","metadata":{"resourceVersion":"9"},"items":[{"metadata":{"name":"a","namespace":"n"}}]}""", "list.json");

        var item = Assert.Single(parsed.Items);
        Assert.Equal("Deployment", item.Kind);
        Assert.Equal("apps/v1", item.Object.ApiVersion);
    }

    [Fact]
    public void Objects_without_a_uid_use_the_file_digest_and_their_location_as_document()
    {
        var parsed = Fixtures.Parse(Fixtures.NetworkPolicy);

        var item = Assert.Single(parsed.Items);
        Assert.StartsWith("sha256:", parsed.Sha256, StringComparison.Ordinal);
        Assert.Equal(parsed.Sha256 + "#document[0]", item.Document);
    }

    [Fact]
    public void YAML_anchors_aliases_and_merge_keys_are_expanded()
    {
        var yaml = """
            apiVersion: v1
            kind: Service
            metadata:
              name: s
              labels: &labels {app: web, tier: "1"}
              annotations:
                <<: *labels
                note: "yes"
            spec:
              selector: *labels
              ports: [{port: 80, targetPort: http}]
            """;

        var service = Assert.IsType<V1Service>(Assert.Single(Fixtures.ParseText(yaml).Items).Object);

        Assert.Equal("web", service.Spec.Selector["app"]);
        Assert.Equal("1", service.Metadata.Annotations["tier"]);
        Assert.Equal("yes", service.Metadata.Annotations["note"]);
        Assert.Equal("http", service.Spec.Ports[0].TargetPort.Value);
    }

    [Fact]
    public void A_YAML_file_that_starts_with_a_flow_mapping_is_read_as_YAML()
    {
        var parsed = Fixtures.ParseText("{apiVersion: v1, kind: ServiceAccount, metadata: {name: flow, namespace: ns}}\n", "flow.yaml");

        Assert.Equal("flow", Assert.Single(parsed.Items).Name);
    }

    private static string Indent(string document)
    {
        var lines = document.TrimEnd().Split('\n');
        return string.Join('\n', lines.Select((line, i) => (i == 0 ? "- " : "  ") + line)) + "\n";
    }
}
