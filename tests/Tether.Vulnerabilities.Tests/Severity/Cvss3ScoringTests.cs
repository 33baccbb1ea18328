using Tether.Vulnerabilities.Severity;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Severity;

/// <summary>CVSS v3.0 and v3.1 scores against published examples and reference vectors.</summary>
public sealed class Cvss3ScoringTests
{
    public static TheoryData<string, double, double?, double?> V30Examples => ReferenceVectors.Read("redhat-cvss-vectors_cvsslib3.txt");

    public static TheoryData<string, double, double?, double?> V30Calculator => ReferenceVectors.Read("redhat-cvss-vectors_calculator3.txt");

    public static TheoryData<string, double, double?, double?> V31Simple => ReferenceVectors.Read("redhat-cvss-vectors_simple31.txt");

    [Theory]
    [MemberData(nameof(V30Examples))]
    public void V30_scores_match_the_examples_document_and_cvsslib(string text, double baseScore, double? temporal, double? environmental) =>
        AssertScores(text, CvssVersion.V30, baseScore, temporal, environmental);

    [Theory]
    [MemberData(nameof(V30Calculator))]
    public void V30_scores_match_the_FIRST_calculator(string text, double baseScore, double? temporal, double? environmental) =>
        AssertScores(text, CvssVersion.V30, baseScore, temporal, environmental);

    [Theory]
    [MemberData(nameof(V31Simple))]
    public void V31_scores_match_the_reference_vectors(string text, double baseScore, double? temporal, double? environmental) =>
        AssertScores(text, CvssVersion.V31, baseScore, temporal, environmental);

    [Theory]
    // FIRST "CVSS v3.1 Examples" (https://www.first.org/cvss/v3.1/examples): vectors and base scores of the
    // examples document, the same as the v3.0 document's for these (see redhat-cvss-vectors_cvsslib3.txt).
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1)] // CVE-2013-1937 phpMyAdmin reflected XSS
    [InlineData("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1)] // CVE-2014-3566 SSLv3 POODLE
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9)] // CVE-2012-1516 VMware guest-to-host
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5)] // CVE-2014-0160 Heartbleed
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8)] // CVE-2014-6271 GNU Bash Shellshock
    [InlineData("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", 7.4)] // CVE-2014-0224 OpenSSL CCS injection
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H", 9.6)] // CVE-2012-5376 Chrome IPC sandbox escape
    public void V31_base_scores_match_the_examples_document(string text, double baseScore)
    {
        var vector = CvssVector.Parse(text);
        Assert.Equal(baseScore, vector.BaseScore);
        Assert.Equal(baseScore, vector.TemporalScore);
    }

    [Theory]
    // Severity rating scale, v3.1 specification §5 Table 14.
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, CvssSeverity.None)]
    [InlineData("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1, CvssSeverity.Low)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, CvssSeverity.Medium)]
    [InlineData("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", 7.4, CvssSeverity.High)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, CvssSeverity.Critical)]
    public void Severity_follows_the_v31_rating_scale(string text, double score, CvssSeverity severity)
    {
        var vector = CvssVector.Parse(text);
        Assert.Equal(score, vector.BaseScore);
        Assert.Equal(severity, vector.Severity);
    }

    [Fact]
    public void V30_and_V31_weigh_a_changed_modified_scope_differently()
    {
        // The environmental equations differ for MS:C: v3.0 3.25×(MISS−0.02)^15, v3.1 3.25×(MISS×0.9731−0.02)^13.
        // Expected values: RedHatProductSecurity/cvss vectors_simple31 (9.7, above) and vectors_cvsslib3
        // (v3.0, 9.6) for AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H.
        var v30 = CvssVector.Parse("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H");
        var v31 = CvssVector.Parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H");

        Assert.Equal((9.6, 9.6), (v30.BaseScore, v30.EnvironmentalScore!.Value));
        Assert.Equal((9.6, 9.7), (v31.BaseScore, v31.EnvironmentalScore!.Value));
    }

    private static void AssertScores(string text, CvssVersion version, double baseScore, double? temporal, double? environmental)
    {
        var vector = CvssVector.Parse(text);
        Assert.Equal(version, vector.Version);
        Assert.Equal(baseScore, vector.BaseScore);
        Assert.Equal(baseScore, vector.Score);
        Assert.Equal(temporal, vector.TemporalScore);
        Assert.Equal(environmental, vector.EnvironmentalScore);
    }
}
