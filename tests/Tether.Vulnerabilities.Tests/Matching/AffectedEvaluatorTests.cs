using System.Diagnostics.CodeAnalysis;
using Tether.Vulnerabilities.Matching;
using Tether.Vulnerabilities.Versions;
using Xunit;
using Tether.Core.Advisories;
using static Tether.Core.Advisories.RangeEventKind;

namespace Tether.Vulnerabilities.Tests.Matching;

public sealed class AffectedEvaluatorTests
{
    private static readonly DottedNumbers Scheme = new();

    [Theory]
    [InlineData("1.1", true, "1.2")]
    [InlineData("1.2", false, null)]
    [InlineData("0.1", true, "1.2")]
    [InlineData("1.3", false, null)]
    public void Introduced_zero_and_fixed(string version, bool affected, string? fixedIn)
    {
        var decision = Evaluate(version, Range((Introduced, "0"), (Fixed, "1.2")));
        Assert.Equal(affected, decision.Affected);
        Assert.Equal(fixedIn, decision.Fixed);
    }

    [Theory]
    [InlineData("1.1", true, "1.2")]
    [InlineData("1.5", false, null)]
    [InlineData("2.0", true, "2.2")]
    [InlineData("2.1", true, "2.2")]
    [InlineData("2.2", false, null)]
    [InlineData("0.9", false, null)]
    public void Several_intervals_in_one_range_are_evaluated_in_version_order_not_file_order(string version, bool affected, string? fixedIn)
    {
        var decision = Evaluate(version, Range((Fixed, "2.2"), (Introduced, "2.0"), (Fixed, "1.2"), (Introduced, "1.0")));
        Assert.Equal(affected, decision.Affected);
        Assert.Equal(fixedIn, decision.Fixed);
    }

    [Fact]
    public void Last_affected_includes_its_own_version()
    {
        Assert.True(Evaluate("1.5", Range((Introduced, "1.0"), (LastAffected, "1.5"))).Affected);
        Assert.Equal("1.5", Evaluate("1.4", Range((Introduced, "1.0"), (LastAffected, "1.5"))).LastAffected);
        Assert.False(Evaluate("1.6", Range((Introduced, "1.0"), (LastAffected, "1.5"))).Affected);
    }

    [Fact]
    public void A_limit_bounds_the_range_from_above()
    {
        var range = Range((Introduced, "0"), (Limit, "2.0"));
        Assert.True(Evaluate("1.9", range).Affected);
        Assert.False(Evaluate("2.0", range).Affected);
        Assert.True(Evaluate("9.0", Range((Introduced, "0"), (Limit, "*"))).Affected);
    }

    [Fact]
    public void An_open_range_has_no_fix_and_says_so()
    {
        var decision = Evaluate("3.0", Range((Introduced, "2.0")));
        Assert.True(decision.Affected);
        Assert.Null(decision.Fixed);
        Assert.Contains("no fix yet", decision.Reason, StringComparison.Ordinal);
        Assert.Equal(0, decision.RangeIndex);
        Assert.Equal("2.0", decision.Introduced);
    }

    [Fact]
    public void The_explicit_versions_list_matches_by_the_ecosystem_equality()
    {
        var decision = AffectedEvaluator.Evaluate(Scheme, "1.01", [], ["1.1", "1.3"]);
        Assert.True(decision.Affected);
        Assert.Contains("listed", decision.Reason, StringComparison.Ordinal);
        Assert.False(AffectedEvaluator.Evaluate(Scheme, "1.2", [], ["1.1", "1.3"]).Affected);
    }

    [Fact]
    public void A_version_both_listed_and_in_a_range_is_reported_with_the_ranges_fix()
    {
        // PyPA and osv.dev records enumerate the affected versions beside the range (PYSEC-2021-66: jinja2 < 2.11.3).
        var decision = AffectedEvaluator.Evaluate(Scheme, "1.1", [Range((Introduced, "0"), (Fixed, "1.3"))], ["1.0", "1.1", "1.2"]);

        Assert.Equal((true, "1.3", 0), (decision.Affected, decision.Fixed, decision.RangeIndex));
        Assert.Contains("listed", AffectedEvaluator.Evaluate(Scheme, "1.4", [Range((Introduced, "0"), (Fixed, "1.3"))], ["1.4"]).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Git_ranges_are_ignored_with_the_reason_recorded()
    {
        var git = new AffectedRange("GIT", [new RangeEvent(Introduced, "0"), new RangeEvent(Fixed, "8f3b2a1")]);
        var decision = AffectedEvaluator.Evaluate(Scheme, "1.0", [git], []);
        Assert.False(decision.Affected);
        Assert.Contains("GIT ranges ignored", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_second_range_can_decide_and_its_index_is_recorded()
    {
        var decision = AffectedEvaluator.Evaluate(Scheme, "5.1", [Range((Introduced, "1.0"), (Fixed, "2.0")), Range((Introduced, "5.0"), (Fixed, "5.4"))], []);
        Assert.True(decision.Affected);
        Assert.Equal(1, decision.RangeIndex);
        Assert.Equal("5.4", decision.Fixed);
    }

    [Fact]
    public void Unparsable_bounds_are_skipped_with_a_named_warning_and_never_match_silently()
    {
        var decision = Evaluate("1.5", Range((Introduced, "1.0"), (Fixed, "not-a-version"), (Fixed, "1.4")));
        Assert.False(decision.Affected);
        Assert.Contains(decision.Warnings!, w => w.Contains("'not-a-version'", StringComparison.Ordinal));

        var invalidInstalled = Evaluate("x.y", Range((Introduced, "0")));
        Assert.False(invalidInstalled.Affected);
        Assert.Contains("not a valid", invalidInstalled.Reason, StringComparison.Ordinal);
    }

    private static MatchDecision Evaluate(string version, AffectedRange range) => AffectedEvaluator.Evaluate(Scheme, version, [range], []);

    private static AffectedRange Range(params (RangeEventKind Kind, string Version)[] events) =>
        new("ECOSYSTEM", events.Select(e => new RangeEvent(e.Kind, e.Version)).ToList());

    /// <summary>Dotted numbers compared numerically: enough ordering to exercise the OSV evaluation itself.</summary>
    private sealed class DottedNumbers : IVersionScheme
    {
        public string Name => "Dotted";

        public string Reference => "test";

        public bool IsValid(string version, [NotNullWhen(false)] out string? error)
        {
            error = version.Split('.').All(p => p.Length > 0 && p.All(char.IsAsciiDigit)) ? null : "digits and dots only";
            return error is null;
        }

        public int Compare(string a, string b)
        {
            var x = a.Split('.').Select(int.Parse).ToArray();
            var y = b.Split('.').Select(int.Parse).ToArray();
            for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
            {
                var c = (i < x.Length ? x[i] : 0).CompareTo(i < y.Length ? y[i] : 0);
                if (c != 0)
                {
                    return c;
                }
            }

            return 0;
        }
    }
}
