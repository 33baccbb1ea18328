using Tether.Vulnerabilities.Severity;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Severity;

/// <summary>CVSS v2 scores against FIRST's v2 guide and published reference vectors.</summary>
public sealed class Cvss2ScoringTests
{
    public static TheoryData<string, double, double?, double?> CvssLib => ReferenceVectors.Read("redhat-cvss-vectors_cvsslib2.txt");

    public static TheoryData<string, double, double?, double?> NvdCalculator => ReferenceVectors.Read("redhat-cvss-vectors_calculator2.txt");

    // "A Complete Guide to the Common Vulnerability Scoring System Version 2.0", §3.3 Examples
    // (https://www.first.org/cvss/v2/guide#3-3-Examples): base, temporal and environmental scores as the
    // guide works them out.
    [Theory]
    // §3.3.1 CVE-2002-0392, Apache chunked-encoding memory corruption.
    [InlineData("AV:N/AC:L/Au:N/C:N/I:N/A:C", 7.8, null, null)]
    [InlineData("AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C", 7.8, 6.4, null)]
    [InlineData("AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H", 7.8, 6.4, 9.2)]
    // §3.3.2 CVE-2003-0818, Microsoft Windows ASN.1 library integer handling.
    [InlineData("AV:N/AC:L/Au:N/C:C/I:C/A:C", 10.0, null, null)]
    [InlineData("AV:N/AC:L/Au:N/C:C/I:C/A:C/E:F/RL:OF/RC:C", 10.0, 8.3, null)]
    [InlineData("AV:N/AC:L/Au:N/C:C/I:C/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:L", 10.0, 8.3, 9.0)]
    // §3.3.3 CVE-2003-0062, NOD32 anti-virus buffer overflow. 7.45 rounds to 7.5 only in exact arithmetic.
    [InlineData("AV:L/AC:H/Au:N/C:C/I:C/A:C", 6.2, null, null)]
    [InlineData("AV:L/AC:H/Au:N/C:C/I:C/A:C/E:POC/RL:OF/RC:C", 6.2, 4.9, null)]
    [InlineData("AV:L/AC:H/Au:N/C:C/I:C/A:C/E:POC/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:M", 6.2, 4.9, 7.5)]
    public void Scores_match_the_v2_guide_worked_examples(string text, double baseScore, double? temporal, double? environmental) =>
        AssertScores(text, baseScore, temporal, environmental);

    [Theory]
    [MemberData(nameof(CvssLib))]
    public void Scores_match_the_cvsslib_reference_vectors(string text, double baseScore, double? temporal, double? environmental) =>
        AssertScores(text, baseScore, temporal, environmental);

    [Theory]
    [MemberData(nameof(NvdCalculator))]
    public void Scores_match_vectors_scored_with_the_NVD_calculator(string text, double baseScore, double? temporal, double? environmental) =>
        AssertScores(text, baseScore, temporal, environmental);

    [Fact]
    public void The_parenthesized_form_of_NVD_feeds_reads_as_the_bare_vector()
    {
        var vector = CvssVector.Parse("(AV:N/AC:L/Au:N/C:P/I:P/A:P)");

        Assert.Equal(CvssVersion.V2, vector.Version);
        Assert.Equal("AV:N/AC:L/Au:N/C:P/I:P/A:P", vector.Vector);
        // v2 guide Table 16 weights: ((0.6*6.443)+(0.4*10)-1.5)*1.176 = 7.5 (NVD's score for this vector).
        Assert.Equal(7.5, vector.BaseScore);
        Assert.Equal("P", vector["C"]);
    }

    [Theory]
    // NVD's v2 qualitative scale: Low 0.0-3.9, Medium 4.0-6.9, High 7.0-10.0 (no None, no Critical).
    [InlineData("AV:N/AC:L/Au:N/C:N/I:N/A:N", 0.0, CvssSeverity.Low)]
    [InlineData("AV:A/AC:M/Au:S/C:N/I:N/A:P", 2.3, CvssSeverity.Low)]
    [InlineData("AV:N/AC:L/Au:N/C:P/I:N/A:N", 5.0, CvssSeverity.Medium)]
    [InlineData("AV:N/AC:L/Au:N/C:C/I:C/A:C", 10.0, CvssSeverity.High)]
    public void Severity_follows_the_NVD_v2_scale(string text, double score, CvssSeverity severity)
    {
        var vector = CvssVector.Parse(text);
        Assert.Equal(score, vector.BaseScore);
        Assert.Equal(severity, vector.Severity);
    }

    private static void AssertScores(string text, double baseScore, double? temporal, double? environmental)
    {
        var vector = CvssVector.Parse(text);
        Assert.Equal(CvssVersion.V2, vector.Version);
        Assert.Equal(baseScore, vector.BaseScore);
        Assert.Equal(baseScore, vector.Score);
        Assert.Null(vector.Nomenclature);
        if (temporal is not null)
        {
            Assert.Equal(temporal, vector.TemporalScore);
        }

        if (environmental is not null)
        {
            Assert.Equal(environmental, vector.EnvironmentalScore);
        }
    }
}
