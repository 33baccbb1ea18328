using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Tether.Core.Errors;
using Tether.Vulnerabilities.Sbom;
using Tether.Vulnerabilities.Sbom.Parse;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Sbom;

/// <summary>
/// Every value of the real SBOMs replaced by each wrong JSON type, every truncation point sampled, deep nesting and
/// a million components: the only failure allowed is an <see cref="InputException"/>, in bounded time and memory.
/// </summary>
public sealed class HostileSbomTests
{
    public static TheoryData<string> Fixtures => new(SbomFixtures.All);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Any_value_replaced_by_any_other_type_fails_only_with_InputException(string file)
    {
        var root = JsonNode.Parse(SbomFixtures.Read(file))!;
        var outcomes = new Dictionary<string, int>();
        foreach (var node in Nodes(root))
        {
            foreach (var replacement in new Func<JsonNode?>[] { () => null, () => 7, () => "x", () => new JsonArray(), () => new JsonObject() })
            {
                // Swap the value out, serialize, and put the original back: one tree serves every case.
                var (parent, name, index) = (node.Parent!, node.Parent is JsonObject ? node.GetPropertyName() : null, node.Parent is JsonArray ? node.GetElementIndex() : -1);
                Set(parent, name, index, replacement());
                var outcome = Outcome(Encoding.UTF8.GetBytes(root.ToJsonString()));
                Set(parent, name, index, node);
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
        }

        Assert.Equal(["InputException", "ok"], outcomes.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Any_truncation_fails_with_InputException(string file)
    {
        var original = SbomFixtures.Read(file);
        for (var length = 0; length < original.Length - 1; length += 53)
        {
            Assert.Equal("InputException", Outcome(original[..length]));
        }
    }

    [Fact]
    public void Components_nested_past_the_JSON_depth_limit_are_refused()
    {
        var error = Assert.Throws<InputException>(() => Sboms.ReadPackages(Nested(levels: 70), "deep.json"));

        Assert.Contains("depth", error.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Nested_components_within_the_limit_are_all_read()
    {
        var list = Sboms.ReadPackages(Nested(levels: 50), "nested.json");

        Assert.Equal(50, list.Packages.Count);
        Assert.Equal("npm|p49|1.0.0", list.Packages[^1].Key);
    }

    [Fact]
    public void A_million_components_are_refused_quickly_without_reading_them()
    {
        var json = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[" + string.Join(',', Enumerable.Repeat("{}", 1_000_000)) + "]}";

        var (error, elapsed, allocated) = Measure(() => Sboms.ReadPackages(Encoding.UTF8.GetBytes(json), "million.json"));

        Assert.Equal("components", error.Field);
        Assert.Contains($"over the limit of {SbomLimits.MaxComponents}", error.Reason, StringComparison.Ordinal);
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.InRange(allocated, 0, 200L * 1024 * 1024);
    }

    [Fact]
    public void A_million_components_spread_over_nesting_levels_are_refused_by_the_total()
    {
        var inner = "[" + string.Join(',', Enumerable.Repeat("{}", 1000)) + "]";
        var json = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[" +
            string.Join(',', Enumerable.Repeat("{\"components\":" + inner + "}", 1000)) + "]}";

        var (error, elapsed, _) = Measure(() => Sboms.ReadPackages(Encoding.UTF8.GetBytes(json), "spread.json"));

        Assert.Contains($"more than {SbomLimits.MaxComponents} components", error.Reason, StringComparison.Ordinal);
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Fifty_thousand_packages_are_read_in_bounded_time_and_memory()
    {
        const int count = 50_000;
        var components = Enumerable.Range(0, count).Select(i =>
            $"{{\"type\":\"library\",\"name\":\"p{i}\",\"version\":\"1.0.{i}\",\"purl\":\"pkg:npm/p{i}@1.0.{i}\"," +
            $"\"properties\":[{{\"name\":\"syft:location:0:layerID\",\"value\":\"sha256:{i % 10:D64}\"}}]}}");
        var json = Encoding.UTF8.GetBytes("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[" + string.Join(',', components) + "]}");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();

        var list = Sboms.ReadPackages(json, "large.json");

        var perPackage = (GC.GetAllocatedBytesForCurrentThread() - before) / count;
        Assert.Equal(count, list.Packages.Count);
        Assert.Equal(10, list.Packages.Select(p => p.LayerDiffId).Distinct().Count());
        // About 3 KB per package (the parsed JSON included) when measured; wall time is generous for a shared machine.
        Assert.InRange(perPackage, 0, 8 * 1024);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void A_malformed_purl_is_refused_naming_its_field()
    {
        var edited = SbomFixtures.Edit(SbomFixtures.TrivyCycloneDxFile, root => root["components"]![1]!["purl"] = "openssl-libs@1.0.2k");

        var error = Assert.Throws<InputException>(() => Sboms.ReadPackages(edited, "edited.json"));

        Assert.Equal(("edited.json", "components[1].purl"), (error.Source, error.Field));
        Assert.Contains("not a package URL", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_layer_that_is_not_a_digest_is_refused_naming_its_property()
    {
        var edited = SbomFixtures.Edit(SbomFixtures.SyftCycloneDxFile, root =>
            root["components"]![3]!["properties"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "syft:location:0:layerID")!["value"] = "layer-1");

        var error = Assert.Throws<InputException>(() => Sboms.ReadPackages(edited, "edited.json"));

        Assert.Equal("components[3].properties[8]", error.Field);
        Assert.Contains("'layer-1' is not a digest", error.Reason, StringComparison.Ordinal);
    }

    private static byte[] Nested(int levels)
    {
        var json = new StringBuilder("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":");
        for (var i = 0; i < levels; i++)
        {
            json.Append($"[{{\"type\":\"library\",\"purl\":\"pkg:npm/p{i}@1.0.0\",\"components\":");
        }

        json.Append("[]");
        for (var i = 0; i < levels; i++)
        {
            json.Append("}]");
        }

        return Encoding.UTF8.GetBytes(json.Append('}').ToString());
    }

    private static (InputException Error, TimeSpan Elapsed, long Allocated) Measure(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        var error = Assert.Throws<InputException>(action);
        return (error, stopwatch.Elapsed, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string Outcome(byte[] sbom)
    {
        try
        {
            Sboms.Import([new SbomFile("hostile.json", sbom)], SbomFixtures.DeclaredDigest, DateTimeOffset.UnixEpoch);
            return "ok";
        }
        catch (InputException)
        {
            return "InputException";
        }
        catch (Exception e)
        {
            return e.GetType().Name + ": " + e.Message + e.StackTrace;
        }
    }

    // Parts Tether never reads: mutating inside them proves nothing and costs time.
    private static readonly HashSet<string> Unread = ["description", "externalReferences", "cpe", "publisher", "swid", "checksums", "downloadLocation", "originator"];

    private static List<JsonNode> Nodes(JsonNode root)
    {
        var nodes = new List<JsonNode>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, child) in o)
                    {
                        if (child is not null && !Unread.Contains(name)) { nodes.Add(child); Walk(child); }
                    }

                    break;
                case JsonArray a:
                    // Components are alike: the first few cover every field shape and keep the test fast.
                    foreach (var child in a.Parent is JsonObject && a.GetPropertyName() is "components" or "packages" ? a.Take(3) : a)
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
