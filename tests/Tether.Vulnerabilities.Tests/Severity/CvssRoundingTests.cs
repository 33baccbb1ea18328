using System.Globalization;
using Tether.Vulnerabilities.Severity.Scoring;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Severity;

/// <summary>Each version's rounding rule on the values its specification or reference calculator cites.</summary>
public sealed class CvssRoundingTests
{
    [Theory]
    // v3.0 specification §7.4 (and v3.1 §7.4): "Round up (4.02) is 4.1; and Round up (4.00) is 4.0".
    [InlineData("4.02", "4.1")]
    [InlineData("4.00", "4.0")]
    [InlineData("4.000000000000001", "4.1")]
    public void V30_Roundup_is_the_exact_ceiling_to_a_tenth(string input, string expected) =>
        Assert.Equal(D(expected), CvssRounding.V30(D(input)));

    [Theory]
    // v3.1 specification §7.4 definition examples.
    [InlineData(4.02, 4.1)]
    [InlineData(4.00, 4.0)]
    // FIRST cvsscalc31.js, comment on CVSS31.roundUp1: "0.000001 results in 0.0, but 0.000009 results in 0.1".
    [InlineData(0.000001, 0.0)]
    [InlineData(0.000009, 0.1)]
    // The same comment's example: 1-0.58 is 0.42000000000000004 in doubles; a bare ceiling would give 4.3.
    [InlineData((1 - 0.58) * 10, 4.2)]
    public void V31_Roundup_follows_Appendix_A(double input, double expected) =>
        Assert.Equal(expected, CvssRounding.V31(input));

    [Theory]
    // RedHatProductSecurity/cvss-v4-calculator cvss40.js roundToDecimalPlaces examples: 4.945833… → 4.9, 4.25 → 4.3.
    [InlineData(4.945833333333333, 4.9)]
    [InlineData(4.25, 4.3)]
    // RedHatProductSecurity/cvss issue #63: "the final result before rounding is 8.549999999999999", expected 8.6.
    [InlineData(8.549999999999999, 8.6)]
    public void V40_rounds_half_up_after_the_epsilon_lift(double input, double expected) =>
        Assert.Equal(expected, CvssRounding.V40(input));

    [Theory]
    // v2 guide §3.3.3 (CVE-2003-0062): (4.9+(10-4.9)*0.5)*1.0 = 7.45 rounds to the published 7.5.
    [InlineData("7.45", "7.5")]
    // v2 guide §3.3.1 (CVE-2002-0392): temporal 7.8*0.95*0.87*1.0 = 6.4467 → 6.4.
    [InlineData("6.4467", "6.4")]
    public void V2_rounds_half_up_in_exact_arithmetic(string input, string expected) =>
        Assert.Equal(D(expected), CvssRounding.V2(D(input)));

    private static decimal D(string value) => decimal.Parse(value, CultureInfo.InvariantCulture);
}
