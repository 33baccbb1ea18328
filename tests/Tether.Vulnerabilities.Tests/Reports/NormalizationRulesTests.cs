using Tether.Vulnerabilities.Reports.Normalize;
using Tether.Vulnerabilities.Reports.Parse;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Reports;

public sealed class NormalizationRulesTests
{
    [Theory]
    [InlineData("CRITICAL", "CRITICAL")]
    [InlineData("Critical", "CRITICAL")]
    [InlineData("High", "HIGH")]
    [InlineData("Important", "HIGH")]
    [InlineData("moderate", "MEDIUM")]
    [InlineData("Medium", "MEDIUM")]
    [InlineData("Low", "LOW")]
    [InlineData("Negligible", "NEGLIGIBLE")]
    [InlineData("Unknown", "UNKNOWN")]
    [InlineData("severe-ish", "UNKNOWN")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Severities_map_onto_one_scale(string? reported, string? expected) =>
        Assert.Equal(expected, SeverityScale.Normalize(reported));

    [Theory]
    [InlineData("fixed", "fixed")]
    [InlineData("affected", "not-fixed")]
    [InlineData("not-fixed", "not-fixed")]
    [InlineData("will_not_fix", "wont-fix")]
    [InlineData("wont-fix", "wont-fix")]
    [InlineData("fix_deferred", "fix-deferred")]
    [InlineData("end_of_life", "end-of-life")]
    [InlineData(null, null)]
    public void Fix_states_of_trivy_and_grype_share_one_vocabulary(string? reported, string? expected) =>
        Assert.Equal(expected, FixStates.Normalize(reported));

    [Theory]
    [InlineData("CVE-2024-1", "CVE-2024-1", "GHSA-x", "GHSA-x")]
    [InlineData("GHSA-x", "CVE-2024-1", "CVE-2024-1", "GHSA-x")]
    [InlineData("ALAS-1", "ALAS-1", "CVE-2024-1,CVE-2024-2", "CVE-2024-1,CVE-2024-2")]
    [InlineData("CVE-2024-1", "CVE-2024-1", "CVE-2024-1", "")]
    public void The_key_is_the_CVE_when_exactly_one_is_known(string reported, string expectedId, string related, string expectedAliases)
    {
        var (id, aliases) = VulnerabilityIdentity.Resolve(reported, related.Split(',', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(expectedId, id);
        Assert.Equal(expectedAliases.Split(',', StringSplitOptions.RemoveEmptyEntries), aliases);
    }

    [Fact]
    public void Cvss_prefers_nvd_primary_v3_then_the_severity_source_and_ignores_v2()
    {
        SourcedCvss[] ratings =
        [
            new("ghsa", "3.1", "CVSS:3.1/ghsa", 7.0),
            new("redhat", "3.1", "CVSS:3.1/redhat", 6.0),
            new("nvd", "2.0", "AV:N", 9.0),
            new("cna@example.com", "3.1", "CVSS:3.1/cna", 8.0, Primary: false),
        ];
        Assert.Equal("redhat", CvssChoice.Best(ratings, "redhat")!.Source);
        Assert.Equal("ghsa", CvssChoice.Best(ratings, severitySource: null)!.Source);
        var withNvd = CvssChoice.Best([.. ratings, new("nvd", "3.0", "CVSS:3.0/nvd-secondary", 5.0, Primary: false), new("nvd", "3.1", "CVSS:3.1/nvd", 4.0)], "redhat");
        Assert.Equal(("nvd", "CVSS:3.1/nvd", 4.0), (withNvd!.Source, withNvd.Vector, withNvd.Score));
        Assert.Null(CvssChoice.Best([new("nvd", "2.0", "AV:N", 9.0)], "nvd"));
    }
}
