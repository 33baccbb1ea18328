using System.Text.Json.Nodes;
using Tether.Core.Errors;
using Tether.Vulnerabilities.Reports;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Reports;

/// <summary>
/// Every value of the real reports replaced by each wrong JSON type, and every truncation point sampled:
/// the only failure allowed is an <see cref="InputException"/> (no crash, no other exception type).
/// </summary>
public sealed class HostileReportTests
{
    private const string Image = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    public static TheoryData<string> Fixtures => new() { ReportFixtures.TrivyFile, ReportFixtures.GrypeFile };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Any_value_replaced_by_any_other_type_fails_only_with_InputException(string file)
    {
        var root = JsonNode.Parse(ReportFixtures.Read(file))!;
        var outcomes = new Dictionary<string, int>();
        foreach (var node in Paths(root))
        {
            foreach (var replacement in new Func<JsonNode?>[] { () => null, () => 7, () => "x", () => new JsonArray(), () => new JsonObject() })
            {
                // Swap the value out, serialize, and put the original back: one tree serves every case.
                var (parent, name, index) = (node.Parent!, node.Parent is JsonObject ? node.GetPropertyName() : null, node.Parent is JsonArray ? node.GetElementIndex() : -1);
                Set(parent, name, index, replacement());
                var outcome = Outcome(System.Text.Encoding.UTF8.GetBytes(root.ToJsonString()));
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
        var original = ReportFixtures.Read(file);
        for (var length = 0; length < original.Length - 1; length += 97)
        {
            Assert.Equal("InputException", Outcome(original[..length]));
        }
    }

    private static string Outcome(byte[] report)
    {
        try
        {
            ScannerReports.Import([new ReportFile("hostile.json", report)], Image, DateTimeOffset.UnixEpoch);
            return "ok";
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

    // Parts Tether never reads: mutating inside them proves nothing and costs time.
    private static readonly HashSet<string> Unread = ["configuration", "ImageConfig", "References", "CweIDs", "Description", "description", "cpes", "licenses", "searchedBy", "found"];

    /// <summary>Every node below the root, in document order (the embedded base64 manifest and config included).</summary>
    private static List<JsonNode> Paths(JsonNode root)
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
