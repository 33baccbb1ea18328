using Tether.Core.Recommend;
using Tether.Vulnerabilities.Versions;
using Xunit;

namespace Tether.Core.Tests.Recommend;

/// <summary>Ecosystems, fixed-version choice and the command per ecosystem.</summary>
public sealed class FixRulesTests
{
    [Theory]
    [InlineData("npm", "lodash", "4.17.21", "npm install lodash@4.17.21")]
    [InlineData("PyPI", "jinja2", "2.11.3", "pip install 'jinja2>=2.11.3'")]
    [InlineData("NuGet", "Newtonsoft.Json", "13.0.1", "dotnet add package Newtonsoft.Json --version 13.0.1")]
    [InlineData("Go", "golang.org/x/net", "0.23.0", "go get golang.org/x/net@v0.23.0 && go mod tidy")]
    [InlineData("Go", "golang.org/x/net", "v0.23.0", "go get golang.org/x/net@v0.23.0 && go mod tidy")]
    [InlineData("Maven", "org.apache.logging.log4j:log4j-core", "2.17.1", "mvn versions:use-dep-version -Dincludes=org.apache.logging.log4j:log4j-core -DdepVersion=2.17.1")]
    [InlineData("crates.io", "hyper", "0.14.26", "cargo update -p hyper --precise 0.14.26")]
    [InlineData("RubyGems", "nokogiri", "1.16.5", "bundle update nokogiri")]
    [InlineData("Packagist", "symfony/http-kernel", "6.4.2", "composer require symfony/http-kernel:^6.4.2")]
    public void Each_language_ecosystem_gets_its_package_managers_command(string ecosystem, string name, string version, string command) =>
        Assert.Equal(command, FixCommands.LanguageUpgrade(ecosystem, name, version).Command);

    [Theory]
    [InlineData("Debian", "apt-get update && apt-get install -y --only-upgrade libssl3 openssl")]
    [InlineData("Ubuntu", "apt-get update && apt-get install -y --only-upgrade libssl3 openssl")]
    [InlineData("Alpine", "apk upgrade --no-cache libssl3 openssl")]
    [InlineData("Red Hat", "dnf upgrade -y libssl3 openssl")]
    [InlineData("SUSE", "zypper --non-interactive update libssl3 openssl")]
    public void Each_distro_gets_its_upgrade_command(string ecosystem, string command) =>
        Assert.Equal(command, FixCommands.OsUpgrade(ecosystem, "libssl3 openssl"));

    [Theory]
    [InlineData("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12.8", "debian", "Debian", true)]
    [InlineData("pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.15", null, "Ubuntu", true)]
    [InlineData("pkg:apk/alpine/libcrypto3@3.1.4-r0?distro=3.19.0", null, "Alpine", true)]
    [InlineData("pkg:rpm/redhat/openssl-libs@3.0.7-24.el9?epoch=1", null, "Red Hat", true)]
    [InlineData("pkg:npm/%40babel/traverse@7.22.5", "node-pkg", "npm", false)]
    [InlineData("pkg:pypi/jinja2@2.11.2", null, "PyPI", false)]
    [InlineData("pkg:golang/golang.org/x/net@v0.17.0", null, "Go", false)]
    [InlineData(null, "jar", "Maven", false)]
    [InlineData(null, "gobinary", "Go", false)]
    [InlineData(null, "dotnet-core", "NuGet", false)]
    [InlineData(null, "alpine", "Alpine", true)]
    public void The_ecosystem_comes_from_the_purl_else_from_the_scanners_package_type(string? purl, string? type, string ecosystem, bool distro) =>
        Assert.Equal(new PackageEcosystem(ecosystem, distro), PackageEcosystems.Of(purl, type));

    [Theory]
    [InlineData("pkg:deb/debian/libc6@2.36-9?upstream=glibc", "glibc")]
    [InlineData("pkg:deb/debian/libgcc-s1@12.2.0-14?upstream=gcc-12%4012.2.0-14", "gcc-12")]
    [InlineData("pkg:rpm/redhat/openssl-libs@3.0.7?upstream=openssl-3.0.7-27.el9.src.rpm", "openssl")]
    [InlineData("pkg:deb/debian/openssl@3.0.11", null)]
    public void A_purls_upstream_qualifier_names_the_source_package(string purl, string? source) =>
        Assert.Equal(source, PackageEcosystems.UpstreamOf(purl));

    [Theory]
    [InlineData("npm", "0.1.7", "1.9.0, 0.1.10, 8.0.0, 3.3.0, 6.3.0", "0.1.10")]
    [InlineData("npm", "3.0.0", "1.9.0, 0.1.10, 8.0.0, 3.3.0, 6.3.0", "3.3.0")]
    [InlineData("Debian", "3.0.11-1~deb12u2", "3.0.14-1~deb12u2", "3.0.14-1~deb12u2")]
    [InlineData("PyPI", "2.11.2", "2.11.3", "2.11.3")]
    public void A_finding_needs_the_lowest_listed_fix_above_its_installed_version(string ecosystem, string installed, string fixedText, string needed) =>
        Assert.Equal([needed], FixedVersions.Needed(EcosystemVersionOrder.Instance, ecosystem, installed, fixedText));

    [Fact]
    public void The_group_target_is_the_highest_version_in_the_ecosystems_order_or_null_when_unordered()
    {
        var order = EcosystemVersionOrder.Instance;
        Assert.Equal("3.0.14-1~deb12u2", FixedVersions.Highest(order, "Debian", ["3.0.9-1", "3.0.14-1~deb12u2", "3.0.13-1"]));
        Assert.Equal("3.0.14-1", FixedVersions.Highest(order, "Debian", ["3.0.14-1~deb12u2", "3.0.14-1"]));
        Assert.Equal("1.36.1-r16", FixedVersions.Highest(order, "Alpine", ["1.36.1-r5", "1.36.1-r16"]));
        Assert.Equal("1.10.0", FixedVersions.Highest(order, "Go", ["1.9.0", "1.10.0"]));
        Assert.Null(FixedVersions.Highest(order, "npm", ["1.0.0", "not a version"]));
        Assert.Null(FixedVersions.Highest(order, "NoSuchEcosystem", ["1", "2"]));
        Assert.Empty(FixedVersions.Needed(order, "npm", "1.0.0", null));
    }

    [Theory]
    [InlineData("RUN RUN npm ci --omit=dev", "RUN npm ci --omit=dev")]
    [InlineData("RUN npm ci --omit=dev", "RUN npm ci --omit=dev")]
    [InlineData("FROM debian:12-slim", "FROM debian:12-slim")]
    [InlineData("COPY COPY . .", "COPY . .")]
    public void An_instruction_shows_its_keyword_once(string attributed, string shown) =>
        Assert.Equal(shown, RecommendationGrouper.Instruction(attributed));
}
