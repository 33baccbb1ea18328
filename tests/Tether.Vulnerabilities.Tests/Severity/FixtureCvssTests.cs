using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tether.Testing;
using Tether.Vulnerabilities.Reports.Normalize;
using Tether.Vulnerabilities.Severity;
using Tether.Vulnerabilities.Severity.Selection;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Severity;

/// <summary>
/// Every CVSS vector in the shared OSV records and scanner reports parses, and wherever a file states a
/// score or severity beside a vector, ours agrees with it.
/// </summary>
public sealed partial class FixtureCvssTests
{
    /// <summary>Where reports put a score beside its vector: (vector property, path to the score from the same object).</summary>
    private static readonly (string Vector, string[] Score)[] ScoredVectors =
    [
        ("vector", ["metrics", "baseScore"]), // Grype: matches[].vulnerability.cvss[], relatedVulnerabilities[].cvss[]
        ("V3Vector", ["V3Score"]), // Trivy JSON: Vulnerabilities[].CVSS.<source>
        ("V2Vector", ["V2Score"]),
        ("cvssv3_vector", ["cvssv3_baseScore"]), // Trivy SARIF: rules[].properties
        ("cvssv2_vector", ["cvssv2_score"]),
    ];

    public static TheoryData<string> Files => [.. FileNames()];

    [Fact]
    public void The_fixtures_hold_vectors_of_every_version()
    {
        var versions = FileNames()
            .SelectMany(file => Vectors(Read(file)))
            .Select(text => CvssVector.Parse(text).Version)
            .ToHashSet();

        Assert.Equal([CvssVersion.V2, CvssVersion.V30, CvssVersion.V31, CvssVersion.V40], versions.Order());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_vector_in_the_file_parses(string file)
    {
        var vectors = Vectors(Read(file)).ToList();
        Assert.NotEmpty(vectors);
        foreach (var text in vectors)
        {
            Assert.True(CvssVector.TryParse(text, out var vector, out var error), $"{file}: {error}");
            Assert.InRange(vector.BaseScore, 0.0, 10.0);
        }
    }

    [Theory]
    [InlineData("reports/grype-keycloak-test.json", 12)]
    [InlineData("reports/trivy-alpine-310.json", 12)]
    [InlineData("reports/trivy-alpine-310.sarif.json", 4)]
    public void Scores_the_report_states_beside_a_vector_are_ours(string file, int expectedPairs)
    {
        var pairs = ScoredPairs(Read(file)).ToList();

        Assert.Equal(expectedPairs, pairs.Count);
        foreach (var (text, stated) in pairs)
        {
            Assert.Equal(stated, CvssVector.Parse(text).BaseScore);
        }
    }

    public static TheoryData<string> AdvisoriesWithSeverity
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var file in FileNames())
            {
                var root = Read(file);
                if (root.TryGetProperty("database_specific", out var specific) && specific.ValueKind == JsonValueKind.Object
                    && specific.TryGetProperty("severity", out var severity) && severity.ValueKind == JsonValueKind.String)
                {
                    data.Add(file);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(AdvisoriesWithSeverity))]
    public void The_chosen_severity_is_the_one_GitHub_published(string file)
    {
        // GitHub's advisory severity (database_specific.severity: LOW, MODERATE, HIGH, CRITICAL) is the
        // rating of the advisory's CVSS score; MODERATE is GitHub's word for MEDIUM.
        var root = Read(file);
        var published = SeverityScale.Normalize(root.GetProperty("database_specific").GetProperty("severity").GetString());
        var vectors = root.GetProperty("severity").EnumerateArray().Select(s => s.GetProperty("score").GetString()).ToList();

        var selection = CvssSelection.Pick(vectors);

        Assert.Empty(selection.Rejected);
        Assert.Equal(published, selection.Severity);
    }

    /// <summary>The JSON files under osv/ and reports/ that hold at least one CVSS vector, relative to testdata.</summary>
    private static IEnumerable<string> FileNames() =>
        new[] { "osv", "reports" }
            .SelectMany(folder => Directory.EnumerateFiles(TestData.Shared(folder), "*.json", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(TestData.Shared(), path))
            .Where(file => Vectors(Read(file)).Any())
            .Order(StringComparer.Ordinal);

    private static JsonElement Read(string file) =>
        JsonDocument.Parse(File.ReadAllBytes(TestData.Shared(file))).RootElement;

    /// <summary>Every string that claims to be a CVSS vector: a <c>CVSS:</c> prefix, or v2's <c>AV:x/AC:</c> start.</summary>
    private static IEnumerable<string> Vectors(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var vector in element.EnumerateObject().SelectMany(p => Vectors(p.Value)))
                {
                    yield return vector;
                }

                break;
            case JsonValueKind.Array:
                foreach (var vector in element.EnumerateArray().SelectMany(Vectors))
                {
                    yield return vector;
                }

                break;
            case JsonValueKind.String when element.GetString() is { } text && (text.StartsWith("CVSS:", StringComparison.Ordinal) || V2Start().IsMatch(text)):
                yield return text;
                break;
        }
    }

    private static IEnumerable<(string Vector, double Score)> ScoredPairs(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var (vectorProperty, scorePath) in ScoredVectors)
            {
                if (element.TryGetProperty(vectorProperty, out var vector) && vector.ValueKind == JsonValueKind.String
                    && TryGet(element, scorePath, out var score) && score.ValueKind == JsonValueKind.Number)
                {
                    yield return (vector.GetString()!, double.Parse(score.GetRawText(), CultureInfo.InvariantCulture));
                }
            }
        }

        var children = element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().Select(p => p.Value),
            JsonValueKind.Array => element.EnumerateArray(),
            _ => [],
        };
        foreach (var pair in children.SelectMany(ScoredPairs))
        {
            yield return pair;
        }
    }

    private static bool TryGet(JsonElement element, string[] path, out JsonElement value)
    {
        value = element;
        foreach (var name in path)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"^\(?AV:[LAN]/AC:")]
    private static partial Regex V2Start();
}
