using Tether.Vulnerabilities.Sbom.Parse;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Sbom;

/// <summary>Package URLs split and decoded as the purl spec says, and refused with a reason when malformed.</summary>
public sealed class PackageUrlTests
{
    [Fact]
    public void A_purl_splits_into_type_namespace_name_version_qualifiers_and_subpath()
    {
        Assert.True(PackageUrl.TryParse("PKG:Maven/org.apache.logging.log4j/log4j-core@2.14.1?Classifier=sources&type=jar#META-INF/x", out var purl, out _));

        Assert.Equal(("maven", "org.apache.logging.log4j", "log4j-core", "2.14.1", "META-INF/x"), (purl.Type, purl.Namespace, purl.Name, purl.Version, purl.Subpath));
        Assert.Equal("sources", purl.Qualifier("classifier"));
        Assert.Equal("jar", purl.Qualifier("type"));
        Assert.Null(purl.Qualifier("arch"));
    }

    [Fact]
    public void Components_are_percent_decoded()
    {
        Assert.True(PackageUrl.TryParse("pkg:oci/alpine@sha256%3Aabc?repository_url=index.docker.io%2Flibrary%2Falpine&arch=", out var purl, out _));

        Assert.Equal("sha256:abc", purl.Version);
        Assert.Equal("index.docker.io/library/alpine", purl.Qualifier("repository_url"));
        Assert.Null(purl.Qualifier("arch")); // empty values are absent
    }

    [Fact]
    public void A_scoped_npm_name_keeps_its_at_sign_in_the_namespace()
    {
        Assert.True(PackageUrl.TryParse("pkg:npm/@babel/core", out var purl, out _));

        Assert.Equal(("@babel", "core", (string?)null), (purl.Namespace, purl.Name, purl.Version));
    }

    [Theory]
    [InlineData("", "is empty.")]
    [InlineData("npm/lodash@1", "is not a package URL")]
    [InlineData("pkg:lodash", "has no type/name")]
    [InlineData("pkg:npm/@1.0.0", "has no name")]
    [InlineData("pkg:np m/lodash@1", "invalid type")]
    public void Malformed_purls_are_refused_with_a_reason(string text, string reason)
    {
        Assert.False(PackageUrl.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overlong_purl_is_refused()
    {
        Assert.False(PackageUrl.TryParse("pkg:npm/" + new string('a', PackageUrl.MaxLength), out _, out var error));
        Assert.Contains("limit", error, StringComparison.Ordinal);
    }
}
