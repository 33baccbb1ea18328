using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Tether.Core.Errors;
using Tether.Kubernetes.Parse;
using Xunit;

namespace Tether.Kubernetes.Tests.Parse;

/// <summary>Malformed, truncated and hostile files fail with an InputException naming the file and the place, fast.</summary>
public sealed class HostileInputTests
{
    [Fact]
    public void Truncated_JSON_names_the_file_and_the_line()
    {
        var bytes = Fixtures.Bytes(Fixtures.PodList);

        var error = Assert.Throws<InputException>(() => KubernetesManifestParser.Parse(bytes.AsMemory(0, bytes.Length / 2), "pods.json"));

        Assert.Equal("pods.json", error.Source);
        Assert.StartsWith("line ", error.Field, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_YAML_inside_a_quoted_value_names_the_line()
    {
        var text = Fixtures.Text(Fixtures.ChainIngress);
        var cut = text.IndexOf("'[{\"HTTP\"", StringComparison.Ordinal) + 5;

        var error = Assert.Throws<InputException>(() => Fixtures.ParseText(text[..cut], "ingress.yaml"));

        Assert.Equal("ingress.yaml", error.Source);
        Assert.Contains("line", error.Field, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}},{"apiVersion":"v1","kind":5}]}""", "$.items[1].kind", "must be a string")]
    [InlineData("""{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}, "pod"]}""", "$.items[1]", "must be a Kubernetes object")]
    [InlineData("""{"apiVersion":"v1","kind":"List","items":{"a":1}}""", "$.items", "must be an array")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"containers":[{"name":"c","ports":[{"containerPort":"eighty"}]}]}}""", "$.spec.containers[0].ports[0].containerPort", "wrong type")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","labels":{"prod":true}}}""", "$.metadata.labels.prod", "wrong type")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{}}""", "$.metadata.name", "is required")]
    [InlineData("""{"kind":"Pod","metadata":{"name":"a"}}""", "$.apiVersion", "is required")]
    [InlineData("""[{"apiVersion":"v1","kind":"Pod"}]""", "$", "must be a Kubernetes object")]
    [InlineData("""{"apiVersion":"v1","kind":"List","items":[{"metadata":{"name":"a"}}]}""", "$.items[0].apiVersion", "is required")]
    [InlineData("""{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"containers":[null]}}]}""", "$.items[0].spec.containers[0]", "must not be null")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"containers":[{"name":null,"image":"nginx"}]}}""", "$.spec.containers[0].name", "is required")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"containers":[{"name":"c"}]},"status":{"containerStatuses":[{"name":null}]}}""", "$.status.containerStatuses[0].name", "is required")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"initContainers":[{"image":"busybox"}]}}""", "$.spec.initContainers[0].name", "is required")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"containers":[{"name":"c","readinessProbe":{"httpGet":{"port":{}}}}]}}""", "$.spec.containers[0].readinessProbe.httpGet.port", "a number or a string")]
    [InlineData("""{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"strategy":{"rollingUpdate":{"maxSurge":[]}}}}]}""", "$.items[0].spec.strategy.rollingUpdate.maxSurge", "a number or a string")]
    public void Wrong_types_and_missing_fields_name_the_item_and_field(string json, string field, string reason)
    {
        var error = Assert.Throws<InputException>(() => Fixtures.ParseText(json, "bad.json"));

        Assert.Equal("bad.json", error.Source);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Pod", "metadata.namespace", "../..", "DNS-1123 label")]
    [InlineData("Pod", "metadata.namespace", "a/b", "DNS-1123 label")]
    [InlineData("Pod", "metadata.namespace", "team.prod", "DNS-1123 label")]
    [InlineData("Pod", "metadata.name", "b/c", "DNS-1123 subdomain")]
    [InlineData("Pod", "metadata.name", "..", "DNS-1123 subdomain")]
    [InlineData("Pod", "metadata.name", "web\\u0000", "DNS-1123 subdomain")]
    [InlineData("Pod", "metadata.name", "Web", "DNS-1123 subdomain")]
    [InlineData("Pod", "metadata.name", "-web", "DNS-1123 subdomain")]
    [InlineData("Pod", "spec.containers[0].name", "app/x", "DNS-1123 label")]
    [InlineData("Pod", "spec.serviceAccountName", "a/b", "DNS-1123 subdomain")]
    [InlineData("Pod", "metadata.ownerReferences[0].name", "rs/x", "DNS-1123 subdomain")]
    [InlineData("Service", "metadata.name", "web.internal", "DNS-1123 label")]
    [InlineData("Namespace", "metadata.name", "a.b", "DNS-1123 label")]
    [InlineData("Deployment", "metadata.name", "a_b", "DNS-1123 subdomain")]
    public void Names_that_Kubernetes_refuses_are_refused_by_field(string kind, string field, string value, string reason)
    {
        var error = Assert.Throws<InputException>(() => Fixtures.ParseText(WithValue(kind, field, value), "bad.json"));

        Assert.Equal("bad.json", error.Source);
        Assert.Equal("$." + field, error.Field);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Pod", "metadata.name", 253, true)]
    [InlineData("Pod", "metadata.name", 254, false)]
    [InlineData("Pod", "metadata.namespace", 63, true)]
    [InlineData("Pod", "metadata.namespace", 64, false)]
    [InlineData("Pod", "spec.containers[0].name", 64, false)]
    [InlineData("CronJob", "metadata.name", 52, true)]
    [InlineData("CronJob", "metadata.name", 53, false)]
    public void Name_lengths_are_bounded_as_Kubernetes_bounds_them(string kind, string field, int length, bool accepted)
    {
        var json = WithValue(kind, field, new string('a', length));

        if (accepted)
        {
            Assert.Single(Fixtures.ParseText(json, "long.json").Items);
        }
        else
        {
            Assert.Equal("$." + field, Assert.Throws<InputException>(() => Fixtures.ParseText(json, "long.json")).Field);
        }
    }

    [Theory]
    [InlineData("Pod", "metadata.name", "web-0.shard-1")]
    [InlineData("Service", "metadata.name", "1st-svc")]
    [InlineData("Pod", "metadata.namespace", "")]
    [InlineData("Pod", "metadata.ownerReferences[0].name", "node.example.com")]
    public void Names_that_Kubernetes_accepts_are_read(string kind, string field, string value)
    {
        var item = Assert.Single(Fixtures.ParseText(WithValue(kind, field, value), "ok.json").Items);

        Assert.Equal(kind, item.Kind);
    }

    [Fact]
    public void A_slash_cannot_make_two_pods_share_a_key()
    {
        // Namespace a/b with pod c and namespace a with pod b/c would both key as {cluster}/a/b/c.
        Assert.Equal("$.metadata.namespace", Assert.Throws<InputException>(() => Fixtures.ParseText(WithValue("Pod", "metadata.namespace", "a/b"))).Field);
        Assert.Equal("$.metadata.name", Assert.Throws<InputException>(() => Fixtures.ParseText("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"b/c","namespace":"a"}}""")).Field);
    }

    /// <summary>A valid object of <paramref name="kind"/> with <paramref name="field"/> set to <paramref name="value"/> (JSON-escaped already).</summary>
    private static string WithValue(string kind, string field, string value)
    {
        var apiVersion = kind switch { "Deployment" => "apps/v1", "CronJob" => "batch/v1", _ => "v1" };
        var root = JsonNode.Parse($$$"""
            {"apiVersion":"{{{apiVersion}}}","kind":"{{{kind}}}","metadata":{"name":"web","namespace":"prod",
             "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-1","uid":"u"}]},
             "spec":{"containers":[{"name":"app","image":"nginx"}]}}
            """)!;
        var node = root;
        var parts = field.Replace("[0]", ".0", StringComparison.Ordinal).Split('.');
        foreach (var part in parts[..^1])
        {
            node = int.TryParse(part, out var index) ? node[index]! : node[part]!;
        }

        var text = JsonNode.Parse($"\"{value}\"");
        if (int.TryParse(parts[^1], out var last))
        {
            node[last] = text;
        }
        else
        {
            node[parts[^1]] = text;
        }

        return root.ToJsonString();
    }

    [Fact]
    public void A_YAML_billion_laughs_stops_at_the_alias_budget_quickly()
    {
        var yaml = new StringBuilder("apiVersion: v1\nkind: Pod\nmetadata:\n  name: lol\n  annotations:\n    a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n");
        for (var level = 'b'; level <= 'j'; level++)
        {
            var previous = (char)(level - 1);
            yaml.Append(CultureInfo($"    {level}: &{level} [{string.Join(',', Enumerable.Repeat("*" + previous, 9))}]\n"));
        }

        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<InputException>(() => Fixtures.ParseText(yaml.ToString(), "lol.yaml"));

        Assert.Contains("alias", error.Reason, StringComparison.Ordinal);
        Assert.Contains("line", error.Field, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Deep_YAML_nesting_is_refused()
    {
        var yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: deep}\nspec: " + new string('[', 200) + new string(']', 200) + "\n";

        var error = Assert.Throws<InputException>(() => Fixtures.ParseText(yaml, "deep.yaml"));

        Assert.Contains("nesting", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_YAML_keys_and_unknown_aliases_are_errors()
    {
        Assert.Contains("duplicate key 'name'", Assert.Throws<InputException>(() => Fixtures.ParseText("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n")).Reason, StringComparison.Ordinal);
        Assert.Contains("refers to no anchor", Assert.Throws<InputException>(() => Fixtures.ParseText("apiVersion: v1\nkind: Pod\nmetadata: *nope\n")).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_parsing()
    {
        var limits = new KubernetesParseLimits { MaxFileBytes = 1024 };

        var error = Assert.Throws<InputException>(() => KubernetesManifestParser.Parse(Fixtures.Bytes(Fixtures.PodList), "pods.json", limits));

        Assert.Contains("1024-byte limit", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_UTF8_YAML_and_empty_files_are_refused()
    {
        Assert.Contains("not UTF-8", Assert.Throws<InputException>(() => KubernetesManifestParser.Parse(new byte[] { (byte)'a', (byte)':', 0xff, 0xfe }, "x.yaml")).Reason, StringComparison.Ordinal);
        Assert.Contains("empty", Assert.Throws<InputException>(() => KubernetesManifestParser.Parse("  \n"u8.ToArray(), "x.yaml")).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_100k_item_list_parses_in_bounded_time_and_a_lower_item_limit_refuses_it()
    {
        var items = new JsonArray();
        for (var i = 0; i < 100_000; i++)
        {
            items.Add(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = i % 10 == 0 ? "ConfigMap" : "Pod",
                ["metadata"] = new JsonObject { ["name"] = $"p{i}", ["namespace"] = "load", ["uid"] = $"uid-{i}" },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "nginx:1.27" }) },
            });
        }

        var bytes = Encoding.UTF8.GetBytes(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = items }.ToJsonString());
        var clock = Stopwatch.StartNew();
        var parsed = KubernetesManifestParser.Parse(bytes, "big.json");

        Assert.Equal(90_000, parsed.Items.Count);
        Assert.Equal(10_000, parsed.Skipped["v1/ConfigMap"]);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        var error = Assert.Throws<InputException>(() => KubernetesManifestParser.Parse(bytes, "big.json", new KubernetesParseLimits { MaxItems = 1_000 }));
        Assert.Equal("$.items[1000]", error.Field);
    }

    private static string CultureInfo(FormattableString text) => FormattableString.Invariant(text);
}
