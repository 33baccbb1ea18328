using Tether.Vulnerabilities.Severity;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Severity;

/// <summary>CVSS v4.0 scores against the reference implementations' published test vectors.</summary>
public sealed class Cvss4ScoringTests
{
    public static TheoryData<string, double, double?, double?> BaseVectors => ReferenceVectors.Read("redhat-cvss-vectors_simple4.txt");

    public static TheoryData<string, double, double?, double?> ThreatVectors => ReferenceVectors.Read("redhat-cvss-vectors_threat4.txt");

    public static TheoryData<string, double, double?, double?> SecurityRequirementVectors => ReferenceVectors.Read("redhat-cvss-vectors_security4.txt");

    [Theory]
    [MemberData(nameof(BaseVectors))]
    public void Base_scores_match_the_reference_vectors(string text, double score, double? unused1, double? unused2)
    {
        _ = (unused1, unused2);
        var vector = CvssVector.Parse(text);
        Assert.Equal(CvssVersion.V40, vector.Version);
        Assert.Equal("CVSS-B", vector.Nomenclature);
        Assert.Equal(score, vector.BaseScore);
        Assert.Equal(score, vector.Score);
        Assert.Null(vector.TemporalScore);
        Assert.Null(vector.EnvironmentalScore);
    }

    [Theory]
    [MemberData(nameof(ThreatVectors))]
    public void Exploit_maturity_scores_match_the_reference_vectors(string text, double score, double? unused1, double? unused2)
    {
        _ = (unused1, unused2);
        var vector = CvssVector.Parse(text);
        Assert.Equal("CVSS-BT", vector.Nomenclature);
        Assert.Equal(score, vector.Score);
    }

    [Theory]
    [MemberData(nameof(SecurityRequirementVectors))]
    public void Security_requirement_scores_match_the_reference_vectors(string text, double score, double? unused1, double? unused2)
    {
        _ = (unused1, unused2);
        var vector = CvssVector.Parse(text);
        Assert.Equal("CVSS-BE", vector.Nomenclature);
        Assert.Equal(score, vector.Score);
    }

    [Theory]
    // pandatix/go-cvss 40/cvss40_test.go TestScore (commit 0821ea82), values checked against FIRST's
    // calculator ("detected ... a typo in the official calculator a week before publication").
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0, "CVSS-B")]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0, "CVSS-B")]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3, "CVSS-B")]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:H/SI:H/SA:H", 7.9, "CVSS-B")]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U", 9.1, "CVSS-BT")]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/MVI:L/MSA:S", 9.8, "CVSS-BE")]
    [InlineData("CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N", 1.0, "CVSS-B")]
    [InlineData("CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:P/VC:N/VI:H/VA:H/SC:N/SI:L/SA:L", 5.2, "CVSS-B")]
    [InlineData("CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:P/VC:N/VI:H/VA:H/SC:N/SI:L/SA:L/E:P/CR:H/IR:M/AR:H/MAV:A/MAT:P/MPR:N/MVI:H/MVA:N/MSI:H/MSA:N/S:N/V:C/U:Amber", 4.7, "CVSS-BTE")]
    [InlineData("CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:N/VC:N/VI:N/VA:H/SC:H/SI:H/SA:H/CR:L/IR:L/AR:L", 5.8, "CVSS-BE")]
    // RedHatProductSecurity/cvss tests/test_cvss4.py (JSON schema tests): published base scores.
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N", 8.7, "CVSS-B")]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N/AR:L", 7.9, "CVSS-BE")]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/MSI:H", 7.7, "CVSS-BE")]
    [InlineData("CVSS:4.0/AV:A/AC:H/AT:P/PR:L/UI:P/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0, "CVSS-B")]
    public void Scores_and_nomenclature_match_the_reference_implementations(string text, double score, string nomenclature)
    {
        var vector = CvssVector.Parse(text);
        Assert.Equal(nomenclature, vector.Nomenclature);
        Assert.Equal(score, vector.Score);
    }

    [Theory]
    // Interpolations that land one floating-point ULP below an x.x5 tie must round up (the 1e-6 lift).
    // RedHatProductSecurity/cvss-v4-calculator issue #66 (fixed by #67): 8.5499999… must give 8.6.
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:L/VA:N/SC:H/SI:H/SA:H", 8.6)]
    // RedHatProductSecurity/cvss issue #63 (fixed by #65): 8.549999999999999 must give 8.6. The issue gives
    // the metrics in another order; here they are in the order v4.0 §7 requires.
    [InlineData("CVSS:4.0/AV:L/AC:H/AT:N/PR:N/UI:N/VC:L/VI:H/VA:L/SC:N/SI:N/SA:H/E:A/CR:H/IR:M/AR:H/MAV:A/MAC:L/MAT:N/MPR:N/MUI:N/MVC:H/MVI:N/MVA:H/MSC:H/MSI:H/MSA:H/S:N/AU:N/R:I/V:C/RE:M/U:Green", 8.6)]
    // RedHatProductSecurity/cvss issue #60 (fixed by #61): 8.45 must give 8.5, not 8.4.
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:A/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N/E:P/CR:L/IR:L/AR:L/MAV:N/MAC:L/MAT:N/MPR:L/MUI:A/MVC:H/MVI:H/MVA:H/MSC:H/MSI:S/MSA:S/S:P/AU:Y/R:I/V:C/RE:H/U:Red", 8.5)]
    public void Ties_just_below_a_half_round_up(string text, double score) =>
        Assert.Equal(score, CvssVector.Parse(text).Score);

    [Theory]
    // Severity ratings published in RedHatProductSecurity/cvss tests/test_cvss4.py test_severity (v4.0
    // specification §6: None 0.0, Low 0.1-3.9, Medium 4.0-6.9, High 7.0-8.9, Critical 9.0-10.0).
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L", CvssSeverity.Medium)]
    [InlineData("CVSS:4.0/AV:A/AC:H/AT:N/PR:H/UI:A/VC:H/VI:N/VA:H/SC:L/SI:N/SA:H/E:U/CR:H/IR:H/AR:H/MAV:N/MAC:L/MAT:N/MPR:N/MUI:N/MVC:H/MVI:H/MVA:H/MSC:H/MSI:S/MSA:S/S:P/AU:N/R:I/V:D/RE:M/U:Red", CvssSeverity.Critical)]
    [InlineData("CVSS:4.0/AV:L/AC:H/AT:N/PR:N/UI:N/VC:L/VI:N/VA:H/SC:L/SI:H/SA:H/E:P/CR:H/IR:H/AR:H/MAV:L/MAC:L/MAT:P/MPR:L/MUI:P/MVC:N/MVI:N/MVA:N/MSC:N/MSI:N/MSA:N/S:P/AU:N/R:U/V:C/RE:H/U:Red", CvssSeverity.None)]
    public void Severity_of_the_full_score_follows_the_v40_scale(string text, CvssSeverity severity)
    {
        var vector = CvssVector.Parse(text);
        Assert.Equal(severity, CvssSeverityRating.Rate(CvssVersion.V40, vector.Score));
    }

    [Fact]
    public void Base_score_ignores_threat_and_environmental_metrics()
    {
        // CVSS-B of this vector is 10.0 (go-cvss "full-impact"); with E:U it is 9.1 (go-cvss "with-t").
        var vector = CvssVector.Parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U");

        Assert.Equal(10.0, vector.BaseScore);
        Assert.Equal(CvssSeverity.Critical, vector.Severity);
        Assert.Equal(9.1, vector.Score);
    }

    [Fact]
    public void Supplemental_metrics_do_not_change_the_score_or_the_nomenclature()
    {
        // v4.0 specification §5: Supplemental metrics "do not modify the final score". Base score 9.3 per go-cvss.
        var vector = CvssVector.Parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:P/AU:Y/R:I/V:C/RE:H/U:Red");

        Assert.Equal("CVSS-B", vector.Nomenclature);
        Assert.Equal(9.3, vector.Score);
        Assert.Equal("Red", vector["U"]);
    }

    [Fact]
    public void Explicit_Not_Defined_values_keep_the_base_nomenclature()
    {
        var vector = CvssVector.Parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:X/CR:X/MAV:X");

        Assert.Equal("CVSS-B", vector.Nomenclature);
        Assert.Equal(9.3, vector.Score);
    }
}
