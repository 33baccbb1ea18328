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
    public void Wrong_types_and_missing_fields_name_the_item_and_field(string json, string field, string reason)
    {
        var error = Assert.Throws<InputException>(() => Fixtures.ParseText(json, "bad.json"));

        Assert.Equal("bad.json", error.Source);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
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
