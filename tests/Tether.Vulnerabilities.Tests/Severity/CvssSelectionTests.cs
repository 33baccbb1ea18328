using Tether.Vulnerabilities.Severity;
using Tether.Vulnerabilities.Severity.Selection;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Severity;

public sealed class CvssSelectionTests
{
    // Scores used below are published: v3.1 9.8 / 7.5 (redhat-cvss-vectors_simple31.txt), v4.0 8.7
    // (RedHatProductSecurity/cvss test_cvss4.py), v2 10.0 (v2 guide §3.3.2).
    private const string V2Critical = "AV:N/AC:L/Au:N/C:C/I:C/A:C";
    private const string V31Critical = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
    private const string V31High = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H";
    private const string V40High = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N";

    [Fact]
    public void The_highest_version_wins_even_with_a_lower_score()
    {
        var selection = CvssSelection.Pick([V2Critical, V31Critical, V40High]);

        Assert.Equal(CvssVersion.V40, selection.Chosen!.Version);
        Assert.Equal(8.7, selection.Score);
        Assert.Equal("HIGH", selection.Severity);
    }

    [Fact]
    public void Among_one_version_the_highest_base_score_wins()
    {
        var selection = CvssSelection.Pick([V31High, V2Critical, V31Critical]);

        Assert.Equal(V31Critical, selection.Chosen!.Vector);
        Assert.Equal(9.8, selection.Score);
        Assert.Equal("CRITICAL", selection.Severity);
    }

    [Fact]
    public void Equal_scores_keep_the_first_given()
    {
        const string reordered = "CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N";

        Assert.Equal(V31Critical, CvssSelection.Pick([V31Critical, reordered]).Chosen!.Vector);
        Assert.Equal(reordered, CvssSelection.Pick([reordered, V31Critical]).Chosen!.Vector);
    }

    [Fact]
    public void Invalid_vectors_are_skipped_and_reported()
    {
        var selection = CvssSelection.Pick(["CVSS:4.0/AV:N", null, "medium", V31High]);

        Assert.Equal(V31High, selection.Chosen!.Vector);
        Assert.Equal(3, selection.Rejected.Count);
        Assert.Contains("missing base metrics", selection.Rejected[0], StringComparison.Ordinal);
    }

    [Fact]
    public void No_valid_vector_gives_no_severity()
    {
        var selection = CvssSelection.Pick(["", "LOW"]);

        Assert.Null(selection.Chosen);
        Assert.Null(selection.Severity);
        Assert.Null(selection.Score);
        Assert.Equal(2, selection.Rejected.Count);
    }

    [Fact]
    public void A_score_of_zero_is_negligible_in_Tethers_scale()
    {
        var selection = CvssSelection.Pick(["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N"]);

        Assert.Equal(CvssSeverity.None, selection.Chosen!.Severity);
        Assert.Equal("NEGLIGIBLE", selection.Severity);
    }

    [Theory]
    [InlineData(CvssVersion.V31, 0.0, CvssSeverity.None)]
    [InlineData(CvssVersion.V31, 0.1, CvssSeverity.Low)]
    [InlineData(CvssVersion.V31, 3.9, CvssSeverity.Low)]
    [InlineData(CvssVersion.V31, 4.0, CvssSeverity.Medium)]
    [InlineData(CvssVersion.V31, 6.9, CvssSeverity.Medium)]
    [InlineData(CvssVersion.V40, 7.0, CvssSeverity.High)]
    [InlineData(CvssVersion.V40, 8.9, CvssSeverity.High)]
    [InlineData(CvssVersion.V40, 9.0, CvssSeverity.Critical)]
    [InlineData(CvssVersion.V30, 10.0, CvssSeverity.Critical)]
    [InlineData(CvssVersion.V2, 0.0, CvssSeverity.Low)]
    [InlineData(CvssVersion.V2, 3.9, CvssSeverity.Low)]
    [InlineData(CvssVersion.V2, 4.0, CvssSeverity.Medium)]
    [InlineData(CvssVersion.V2, 7.0, CvssSeverity.High)]
    [InlineData(CvssVersion.V2, 10.0, CvssSeverity.High)]
    public void Rating_boundaries_follow_the_published_scales(CvssVersion version, double score, CvssSeverity severity) =>
        Assert.Equal(severity, CvssSeverityRating.Rate(version, score));
}
