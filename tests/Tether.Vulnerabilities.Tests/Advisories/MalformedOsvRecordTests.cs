using System.Text;
using System.Text.Json.Nodes;
using Tether.Core.Errors;
using Tether.Vulnerabilities.Advisories.Parse;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Advisories;

/// <summary>
/// A malformed record is a warning naming the document, the id and the field, and the other records of the
/// document are kept; only a document that is not JSON at all is an error.
/// </summary>
public sealed class MalformedOsvRecordTests
{
    public static TheoryData<string, string, string?, string> Mutations => new()
    {
        // path to change (JSON pointer-ish), new JSON value ("<remove>" removes it), expected id, expected field
        { "id", "<remove>", null, "id" },
        { "id", "42", null, "id" },
        { "id", "\"GO 2020 0001\"", null, "id" },
        { "modified", "<remove>", "GO-2020-0001", "modified" },
        { "modified", "\"yesterday\"", "GO-2020-0001", "modified" },
        { "published", "\"2021-13-45T99:00:00Z\"", "GO-2020-0001", "published" },
        { "withdrawn", "true", "GO-2020-0001", "withdrawn" },
        { "aliases", "\"CVE-2020-36567\"", "GO-2020-0001", "aliases" },
        { "aliases/0", "1", "GO-2020-0001", "aliases[0]" },
        { "summary", "[]", "GO-2020-0001", "summary" },
        { "affected", "{}", "GO-2020-0001", "affected" },
        { "affected/0/package/name", "<remove>", "GO-2020-0001", "affected[0].package.name" },
        { "affected/0/package/ecosystem", "\"\"", "GO-2020-0001", "affected[0].package.ecosystem" },
        { "affected/0/ranges/0/type", "<remove>", "GO-2020-0001", "affected[0].ranges[0].type" },
        { "affected/0/ranges/0/events", "<remove>", "GO-2020-0001", "affected[0].ranges[0].events" },
        { "affected/0/ranges/0/events/1", "{\"fixed\":\"1.6.0\",\"introduced\":\"0\"}", "GO-2020-0001", "affected[0].ranges[0].events[1]" },
        { "affected/0/ranges/0/events/0", "{\"unaffected\":\"0\"}", "GO-2020-0001", "affected[0].ranges[0].events[0]" },
        { "affected/0/ranges/0/events/0", "{}", "GO-2020-0001", "affected[0].ranges[0].events[0]" },
        { "affected/0/ranges/0/events/0", "{\"introduced\":0}", "GO-2020-0001", "affected[0].ranges[0].events[0].introduced" },
        { "affected/0/ranges/0/events/0", "\"0\"", "GO-2020-0001", "affected[0].ranges[0].events[0]" },
        { "affected/0/versions", "[\"1.0\",2]", "GO-2020-0001", "affected[0].versions[1]" },
        { "severity", "[{\"type\":\"CVSS_V3\"}]", "GO-2020-0001", "severity[0].score" },
        { "references/1", "{\"type\":\"FIX\"}", "GO-2020-0001", "references[1].url" },
        { "credits/0/name", "7", "GO-2020-0001", "credits[0].name" },
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public void A_malformed_field_skips_the_record_with_a_warning_naming_it(string path, string value, string? id, string field)
    {
        var record = JsonNode.Parse(OsvFixtures.Bytes("GO-2020-0001.json"))!;
        Apply(record, path, value);
        var dsa = Encoding.UTF8.GetString(OsvFixtures.Bytes("DSA-3029-1.json"));

        var document = OsvDocumentParser.Parse(Encoding.UTF8.GetBytes($"[{dsa},{record.ToJsonString()}]"), "list.json");

        Assert.Equal("DSA-3029-1", Assert.Single(document.Advisories).Id);
        var warning = Assert.Single(document.Warnings);
        Assert.Equal(("list.json[1]", id, field), (warning.Source, warning.Id, warning.Field));
        Assert.False(string.IsNullOrWhiteSpace(warning.Message));
        Assert.StartsWith($"list.json[1]{(id is null ? "" : $" ({id})")}: {field}: ", warning.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_over_a_list_limit_is_skipped()
    {
        var limits = new OsvLimits { MaxListItems = 100 };
        var document = OsvDocumentParser.Parse(OsvFixtures.Bytes("UBUNTU-CVE-2025-38094.json"), "ubuntu.json", limits);

        Assert.Empty(document.Advisories);
        var warning = Assert.Single(document.Warnings);
        Assert.Equal(("UBUNTU-CVE-2025-38094", "affected[0].versions"), (warning.Id, warning.Field));
        Assert.Contains("180 items, over the limit of 100", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json at all", "is not valid JSON")]
    [InlineData("", "is empty")]
    [InlineData("42", "not an OSV record")]
    [InlineData("{\"vulns\": 3}", "not an OSV record")]
    public void A_document_that_is_not_JSON_or_holds_no_records_is_an_error_naming_it(string content, string message)
    {
        var error = Assert.Throws<InputException>(() => OsvDocumentParser.Parse(Encoding.UTF8.GetBytes(content), "feed/x.json"));
        Assert.Equal("feed/x.json", error.Source);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_over_the_size_limit_is_refused_before_parsing()
    {
        var error = Assert.Throws<InputException>(() =>
            OsvDocumentParser.Parse(OsvFixtures.Bytes("CVE-2018-5407.json"), "big.json", new OsvLimits { MaxDocumentBytes = 1_000 }));
        Assert.Contains("over the 1000-byte limit", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> Fixtures => new()
    {
        "CVE-2018-5407.json", "GO-2020-0001.json", "UBUNTU-CVE-2025-38094.json", "oss-fuzz-importer-expected.json", "withdrawn.osv.json",
    };

    /// <summary>Every value of real records replaced by every other JSON type: a record or a warning, nothing else.</summary>
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Any_value_replaced_by_any_other_type_yields_a_record_or_a_warning(string file)
    {
        var root = JsonNode.Parse(OsvFixtures.Bytes(file))!;
        var outcomes = new Dictionary<string, int>();
        foreach (var node in Descendants(root).ToList())
        {
            foreach (var replacement in new Func<JsonNode?>[] { () => null, () => 7, () => "x", () => new JsonArray(), () => new JsonObject() })
            {
                // Swap the value out, parse, and put the original back: one tree serves every case.
                var (parent, name, index) = (node.Parent!, node.Parent is JsonObject ? node.GetPropertyName() : null, node.Parent is JsonArray ? node.GetElementIndex() : -1);
                Set(parent, name, index, replacement());
                var document = OsvDocumentParser.Parse(Encoding.UTF8.GetBytes(root.ToJsonString()), file);
                Set(parent, name, index, node);
                var outcome = (document.Advisories.Count, document.Warnings.Count) switch
                {
                    (1, 0) => "record",
                    (0, 1) => "warning",
                    var other => $"unexpected {other}",
                };
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
        }

        Assert.Equal(["record", "warning"], outcomes.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_truncated_document_is_an_error_never_a_crash(string file)
    {
        var bytes = OsvFixtures.Bytes(file);
        for (var length = 0; length < bytes.Length - 2; length += Math.Max(1, bytes.Length / 97))
        {
            Assert.Throws<InputException>(() => OsvDocumentParser.Parse(bytes.AsMemory(0, length), file));
        }
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            yield return child;
            foreach (var grandchild in Descendants(child))
            {
                yield return grandchild;
            }
        }
    }

    private static void Set(JsonNode parent, string? name, int index, JsonNode? value)
    {
        if (parent is JsonObject obj)
        {
            obj[name!] = value;
        }
        else
        {
            ((JsonArray)parent)[index] = value;
        }
    }

    private static void Apply(JsonNode root, string path, string value)
    {
        var parts = path.Split('/');
        var parent = root;
        foreach (var part in parts[..^1])
        {
            parent = parent is JsonArray array ? array[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]! : parent[part]!;
        }

        var last = parts[^1];
        if (parent is JsonArray list)
        {
            list[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] = JsonNode.Parse(value);
        }
        else if (value == "<remove>")
        {
            parent.AsObject().Remove(last);
        }
        else
        {
            parent[last] = JsonNode.Parse(value);
        }
    }
}
