using Tether.Vulnerabilities.Severity;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Severity;

/// <summary>Strict reading: what each version's specification allows, and errors that name vector and metric.</summary>
public sealed class CvssParsingTests
{
    [Theory]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", CvssVersion.V31)]
    [InlineData("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", CvssVersion.V30)]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", CvssVersion.V40)]
    [InlineData("AV:N/AC:L/Au:N/C:P/I:P/A:P", CvssVersion.V2)]
    [InlineData("(AV:N/AC:L/Au:N/C:P/I:P/A:P)", CvssVersion.V2)]
    public void The_prefix_selects_the_version(string text, CvssVersion version)
    {
        Assert.True(CvssVector.TryParse(text, out var vector, out var error), error);
        Assert.Equal(version, vector.Version);
    }

    [Fact]
    public void Metrics_are_kept_in_the_order_given()
    {
        var vector = CvssVector.Parse("CVSS:3.1/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/E:F/RL:X");

        Assert.Equal(["S", "AV", "AC", "PR", "UI", "C", "I", "A", "E", "RL"], vector.Metrics.Select(m => m.Key));
        Assert.Equal("F", vector["E"]);
        Assert.Null(vector["RC"]);
    }

    [Fact]
    public void Surrounding_whitespace_is_ignored()
    {
        var vector = CvssVector.Parse("  CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n");
        Assert.Equal("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", vector.Vector);
    }

    [Theory]
    // v3.x: "Programs reading CVSS v3.1 vector strings must accept metrics in any order" (v3.1 spec §6).
    [InlineData("CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N")]
    [InlineData("CVSS:3.0/MAV:L/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P")]
    public void V3_accepts_metrics_in_any_order(string text) =>
        Assert.True(CvssVector.TryParse(text, out _, out var error), error);

    public static TheoryData<string, string[]> Invalid => new()
    {
        // v4.0 §7 fixes the order; go-cvss rejects "fixed ordering is not respected" too.
        { "CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", ["AV must come before AC", "CVSS v4.0 fixes the order"] },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/SC:N/VI:H/SI:N/VA:H/SA:N", ["VI must come before SC"] },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/CR:H/E:A", ["E must come before CR"] },
        // v2's vector lists its metrics "in a predetermined order" (v2 guide §2.4).
        { "AC:L/AV:N/Au:N/C:P/I:P/A:P", ["AV must come before AC", "CVSS v2.0"] },
        { "CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", ["AV is given more than once"] },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/E:A/E:X", ["E is given more than once"] },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:Y", ["unknown metric 'XX'", "CVSS v3.1"] },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/ui:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N", ["unknown metric 'ui'", "case-sensitive: 'UI'"] },
        { "AV:N/AC:L/AU:N/C:P/I:P/A:P", ["unknown metric 'AU'", "'Au'"] },
        { "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", ["metric AV has value 'X'", "allows N, A, L, P"] },
        { "CVSS:4.0/AV:F/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N", ["metric AV has value 'F'"] },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:red", ["metric U has value 'red'", "Clear, Green, Amber, Red"] },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MSI:S", ["unknown metric 'MSI'"] },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/SC:N/SI:N/SA:N", ["missing base metric VA"] },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H", ["missing base metrics S, A"] },
        { "AV:N/AC:L/Au:N/C:P/I:P", ["missing base metric A"] },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/", ["empty metric at position 9"] },
        { "CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", ["empty metric at position 2"] },
        { "CVSS:3.1/AV:N/ACL/PR:N/UI:N/S:U/C:H/I:H/A:H", ["'ACL' at position 2 is not METRIC:VALUE"] },
        { "CVSS:3.1/AV:N/AC:L:H/PR:N/UI:N/S:U/C:H/I:H/A:H", ["'AC:L:H' at position 2 is not METRIC:VALUE"] },
        { "CVSS:3.1/AV:/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", ["'AV:' at position 1"] },
        { "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", ["unsupported version '3.2'"] },
        { "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", ["unsupported version '2.0'"] },
        { "cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", ["the version prefix is written 'CVSS:'"] },
        { "CVSS:3.1", ["no metrics after the 'CVSS:3.1' prefix"] },
        { "CVSS:3.1/", ["no metrics after the 'CVSS:3.1' prefix"] },
        { "(AV:N/AC:L/Au:N/C:P/I:P/A:P", ["unbalanced parentheses"] },
        { "AV:N/AC:L/Au:N/C:P/I:P/A:P)", ["unbalanced parentheses"] },
        { "()", ["empty CVSS vector"] },
        { "   ", ["empty CVSS vector"] },
        { "CVSS:3.1/AV:N /AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", ["metric AV has value 'N '"] },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H E:P", ["'A:H E:P' at position 8 is not METRIC:VALUE"] },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_vectors_are_rejected_with_an_error_naming_vector_and_metric(string text, string[] expected)
    {
        Assert.False(CvssVector.TryParse(text, out var vector, out var error));
        Assert.Null(vector);
        var quoted = text.Trim();
        if (quoted.Length > 0 && quoted != "()")
        {
            Assert.Contains(quoted.Length > 100 ? quoted[..100] : quoted, error, StringComparison.Ordinal);
        }

        foreach (var part in expected)
        {
            Assert.Contains(part, error, StringComparison.Ordinal);
        }

        var exception = Assert.Throws<CvssFormatException>(() => CvssVector.Parse(text));
        Assert.Equal(error, exception.Message);
        Assert.Equal(text, exception.Vector);
    }

    [Fact]
    public void Null_is_an_error_not_an_exception()
    {
        Assert.False(CvssVector.TryParse(null, out _, out var error));
        Assert.Equal("no CVSS vector (null)", error);
    }
}
