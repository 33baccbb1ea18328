using Tether.Vulnerabilities.Severity;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Severity;

/// <summary>Every base vector of every version parses and scores within the specifications' invariants.</summary>
public sealed class CvssExhaustiveTests
{
    private static readonly (string Name, string[] Values)[] V4Base =
    [
        ("AV", ["N", "A", "L", "P"]), ("AC", ["L", "H"]), ("AT", ["N", "P"]), ("PR", ["N", "L", "H"]), ("UI", ["N", "P", "A"]),
        ("VC", ["H", "L", "N"]), ("VI", ["H", "L", "N"]), ("VA", ["H", "L", "N"]), ("SC", ["H", "L", "N"]), ("SI", ["H", "L", "N"]), ("SA", ["H", "L", "N"]),
    ];

    private static readonly (string Name, string[] Values)[] V3Base =
    [
        ("AV", ["N", "A", "L", "P"]), ("AC", ["L", "H"]), ("PR", ["N", "L", "H"]), ("UI", ["N", "R"]), ("S", ["U", "C"]),
        ("C", ["H", "L", "N"]), ("I", ["H", "L", "N"]), ("A", ["H", "L", "N"]),
    ];

    private static readonly (string Name, string[] Values)[] V2Base =
    [
        ("AV", ["L", "A", "N"]), ("AC", ["H", "M", "L"]), ("Au", ["M", "S", "N"]), ("C", ["N", "P", "C"]), ("I", ["N", "P", "C"]), ("A", ["N", "P", "C"]),
    ];

    [Fact]
    public void Every_seventh_of_the_104976_v40_base_vectors_scores_zero_exactly_without_impact_and_otherwise_within_range()
    {
        // A stride of 7 (prime to every metric's value count) visits every value of every metric in every
        // position while keeping the test to seconds on a loaded machine: scoring all 104,976 is ~0.5 s
        // once jitted, but the first pass runs unoptimized.
        var count = 0;
        var violations = new List<string>();
        foreach (var metrics in Combinations(V4Base).Where((_, i) => i % 7 == 0))
        {
            var vector = CvssVector.Parse("CVSS:4.0/" + metrics);
            var noImpact = !metrics.AsSpan(metrics.IndexOf("VC:", StringComparison.Ordinal)).ContainsAny('H', 'L');

            // v4.0 §8: 0.0 exactly when nothing is impacted, else 0.1-10.0 (the lowest MacroVector scores 0.1),
            // always in tenths.
            var ok = noImpact ? vector.BaseScore == 0.0 : vector.BaseScore is >= 0.1 and <= 10.0;
            if (!ok || Math.Round(vector.BaseScore, 1) != vector.BaseScore)
            {
                violations.Add($"{vector} = {vector.BaseScore}");
            }

            count++;
        }

        Assert.Empty(violations);
        Assert.Equal((104_976 + 6) / 7, count);
    }

    [Fact]
    public void The_most_and_least_severe_v40_base_vectors_take_the_extreme_MacroVector_scores()
    {
        // MacroVector 000000 scores 10 and 212221 scores 0.1 (cvss_lookup.js); these are their exact vectors.
        Assert.Equal(10.0, CvssVector.Parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H").BaseScore);
        Assert.Equal(0.1, CvssVector.Parse("CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L/E:U").Score);
    }

    [Theory]
    [InlineData("CVSS:3.0/")]
    [InlineData("CVSS:3.1/")]
    public void All_2592_v3_base_vectors_score_within_range_and_temporal_never_exceeds_base(string prefix)
    {
        var count = 0;
        foreach (var metrics in Combinations(V3Base))
        {
            var vector = CvssVector.Parse(prefix + metrics + "/E:U/RL:O/RC:U");
            var noImpact = vector["C"] == "N" && vector["I"] == "N" && vector["A"] == "N";
            Assert.Equal(noImpact, vector.BaseScore == 0.0);
            Assert.InRange(vector.BaseScore, 0.0, 10.0);
            Assert.InRange(vector.TemporalScore!.Value, 0.0, vector.BaseScore);
            count++;
        }

        Assert.Equal(2592, count);
    }

    [Fact]
    public void All_729_v2_base_vectors_score_within_range()
    {
        var count = 0;
        foreach (var metrics in Combinations(V2Base))
        {
            var vector = CvssVector.Parse(metrics);
            var noImpact = vector["C"] == "N" && vector["I"] == "N" && vector["A"] == "N";
            Assert.Equal(noImpact, vector.BaseScore == 0.0);
            Assert.InRange(vector.BaseScore, 0.0, 10.0);
            count++;
        }

        Assert.Equal(729, count);
    }

    /// <summary>Every combination of the metrics' values as <c>M1:v/M2:v/…</c>, odometer order.</summary>
    private static IEnumerable<string> Combinations((string Name, string[] Values)[] metrics)
    {
        var digits = new int[metrics.Length];
        var builder = new System.Text.StringBuilder();
        while (true)
        {
            builder.Clear();
            for (var i = 0; i < metrics.Length; i++)
            {
                builder.Append(i == 0 ? "" : "/").Append(metrics[i].Name).Append(':').Append(metrics[i].Values[digits[i]]);
            }

            yield return builder.ToString();
            var position = metrics.Length - 1;
            while (position >= 0 && ++digits[position] == metrics[position].Values.Length)
            {
                digits[position--] = 0;
            }

            if (position < 0)
            {
                yield break;
            }
        }
    }
}
