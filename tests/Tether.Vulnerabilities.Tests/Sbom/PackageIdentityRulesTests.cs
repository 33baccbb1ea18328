using Tether.Vulnerabilities.Sbom.Normalize;
using Tether.Vulnerabilities.Sbom.Parse;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Sbom;

/// <summary>Purls as Syft and Trivy write them, to the OSV ecosystem, name and version matching keys on.</summary>
public sealed class PackageIdentityRulesTests
{
    [Theory]
    // Distro packages: the release comes from the distro qualifier, in either producer's spelling.
    [InlineData("pkg:apk/alpine/musl@1.2.3-r0?arch=x86_64&distro=3.16.2", "Alpine:v3.16", "musl", "1.2.3-r0")]
    [InlineData("pkg:apk/alpine/musl@1.2.3-r0?arch=x86_64&upstream=musl&distro=alpine-3.16.2", "Alpine:v3.16", "musl", "1.2.3-r0")]
    [InlineData("pkg:alpine/busybox@1.35.0-r17?arch=x86_64&upstream=busybox&distro=alpine-3.16.2", "Alpine:v3.16", "busybox", "1.35.0-r17")]
    [InlineData("pkg:apk/alpine/busybox@1.37.0-r8?distro=alpine-3.21.0_alpha20240807", "Alpine:v3.21", "busybox", "1.37.0-r8")]
    [InlineData("pkg:apk/wolfi/glibc@2.39-r1?distro=wolfi-20230201", "Wolfi", "glibc", "2.39-r1")]
    [InlineData("pkg:deb/debian/libc6@2.36-9+deb12u4?arch=amd64&upstream=glibc&distro=debian-12", "Debian:12", "libc6", "2.36-9+deb12u4")]
    [InlineData("pkg:deb/debian/libc6@2.36-9+deb12u4?arch=amd64&distro=debian-12.4", "Debian:12", "libc6", "2.36-9+deb12u4")]
    [InlineData("pkg:deb/debian/bsdutils@2.38.1-5+b1?arch=amd64&epoch=1&distro=debian-12.4", "Debian:12", "bsdutils", "1:2.38.1-5+b1")]
    [InlineData("pkg:deb/debian/bsdutils@1%3A2.38.1-5+b1?arch=amd64&distro=debian-12", "Debian:12", "bsdutils", "1:2.38.1-5+b1")]
    [InlineData("pkg:deb/ubuntu/libc6@2.35-0ubuntu3.6?arch=amd64&distro=ubuntu-22.04", "Ubuntu:22.04:LTS", "libc6", "2.35-0ubuntu3.6")]
    [InlineData("pkg:deb/ubuntu/libc6@2.38-1ubuntu6?arch=amd64&distro=ubuntu-23.10", "Ubuntu:23.10", "libc6", "2.38-1ubuntu6")]
    [InlineData("pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1&distro=centos-7.6.1810", "CentOS:7", "openssl-libs", "1:1.0.2k-16.el7")]
    [InlineData("pkg:rpm/redhat/openssl-libs@1.1.1k-7.el8_6?arch=x86_64&epoch=1&upstream=openssl-1.1.1k-7.el8_6.src.rpm&distro=rhel-8.6", "Red Hat:enterprise_linux:8", "openssl-libs", "1:1.1.1k-7.el8_6")]
    [InlineData("pkg:rpm/rocky/bash@5.1.8-6.el9_1?arch=x86_64&distro=rocky-9.1", "Rocky Linux:9", "bash", "5.1.8-6.el9_1")]
    [InlineData("pkg:rpm/almalinux/bash@5.1.8-6.el9?arch=x86_64&distro=almalinux-9.2", "AlmaLinux:9", "bash", "5.1.8-6.el9")]
    [InlineData("pkg:rpm/amazon/bash@4.2.46-34.amzn2?arch=x86_64&distro=amzn-2", "amazon:2", "bash", "4.2.46-34.amzn2")]
    [InlineData("pkg:rpm/photon/bash@5.2-2.ph5?distro=photon-5.0", "Photon OS:5.0", "bash", "5.2-2.ph5")]
    // Language packages.
    [InlineData("pkg:npm/%40babel/core@7.24.0", "npm", "@babel/core", "7.24.0")]
    [InlineData("pkg:npm/@babel/core@7.24.0", "npm", "@babel/core", "7.24.0")]
    [InlineData("pkg:npm/lodash@4.17.21", "npm", "lodash", "4.17.21")]
    [InlineData("pkg:pypi/Django_Rest.Framework@3.15.1", "PyPI", "django-rest-framework", "3.15.1")]
    [InlineData("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "Maven", "org.apache.logging.log4j:log4j-core", "2.14.1")]
    [InlineData("pkg:nuget/Newtonsoft.Json@12.0.3", "NuGet", "Newtonsoft.Json", "12.0.3")]
    [InlineData("pkg:golang/github.com/gin-gonic/gin@v1.6.0", "Go", "github.com/gin-gonic/gin", "v1.6.0")]
    [InlineData("pkg:golang/stdlib@1.21.5", "Go", "stdlib", "1.21.5")]
    [InlineData("pkg:cargo/russh@0.40.0", "crates.io", "russh", "0.40.0")]
    [InlineData("pkg:gem/activesupport@6.1.4", "RubyGems", "activesupport", "6.1.4")]
    [InlineData("pkg:composer/laravel/framework@10.0.0", "Packagist", "laravel/framework", "10.0.0")]
    public void Purls_map_to_OSV_ecosystem_name_and_version(string purl, string ecosystem, string name, string version)
    {
        var identity = Resolve(purl, null, null, out var problem);

        Assert.Equal((ecosystem, name, version), (identity.Ecosystem, identity.Name, identity.Version));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("pkg:rpm/centos/bash@4.2.46-31.el7?distro=centos-7", "CentOS:7")]
    [InlineData("pkg:rpm/amazon/bash@4.2.46-34.amzn2?distro=amzn-2", "amazon:2")]
    [InlineData("pkg:generic/openssl@3.0.13", "generic")]
    [InlineData("pkg:github/actions/checkout@v4", "github")]
    public void Ecosystems_OSV_does_not_define_are_kept_and_flagged(string purl, string ecosystem)
    {
        var identity = Resolve(purl, null, null, out _);

        Assert.Equal(ecosystem, identity.Ecosystem);
        Assert.False(identity.IsOsv);
    }

    [Fact]
    public void Without_a_distro_qualifier_the_declared_operating_system_gives_the_release()
    {
        var identity = Resolve("pkg:apk/alpine/musl@1.2.3-r0", null, new OperatingSystemRelease("alpine", "3.18.4"), out var problem);
        Assert.Equal("Alpine:v3.18", identity.Ecosystem);
        Assert.Null(problem);

        var redhat = Resolve("pkg:rpm/redhat/bash@5.1.8-6.el9", null, new OperatingSystemRelease("rhel", "9.3"), out _);
        Assert.Equal("Red Hat:enterprise_linux:9", redhat.Ecosystem);
    }

    [Fact]
    public void Another_distro_s_operating_system_does_not_lend_its_release()
    {
        var identity = Resolve("pkg:apk/alpine/musl@1.2.3-r0", null, new OperatingSystemRelease("debian", "12"), out var problem);

        Assert.Equal("Alpine", identity.Ecosystem);
        Assert.Equal("names no Alpine release (purl distro qualifier '')", problem);
    }

    [Fact]
    public void A_purl_without_version_falls_back_to_the_version_field_and_else_has_no_identity()
    {
        Assert.Equal("4.17.21", Resolve("pkg:npm/lodash", "4.17.21", null, out _).Version);

        Assert.True(PackageUrl.TryParse("pkg:npm/lodash", out var purl, out _));
        Assert.Null(OsvEcosystems.Resolve(purl, null, null, out var problem));
        Assert.Equal("has no version", problem);
    }

    [Theory]
    [InlineData("Pillow", "pillow")]
    [InlineData("zope.interface", "zope-interface")]
    [InlineData("a__b--c..d", "a-b-c-d")]
    [InlineData("_private", "-private")]
    public void PyPI_names_are_normalized_as_PEP_503_says(string name, string normalized) =>
        Assert.Equal(normalized, OsvEcosystems.Pep503(name));

    [Theory]
    [InlineData("pkg:apk/alpine/ssl_client@1.30.1-r5?upstream=busybox", "busybox", null)]
    [InlineData("pkg:deb/debian/libgcc-s1@12.2.0-14?upstream=gcc-12%4012.2.0-14", "gcc-12", "12.2.0-14")]
    [InlineData("pkg:deb/debian/libc6@2.36-9?upstream=glibc", "glibc", null)]
    [InlineData("pkg:rpm/redhat/openssl-libs@1.1.1k-7.el8_6?upstream=openssl-1.1.1k-7.el8_6.src.rpm", "openssl", "1.1.1k-7.el8_6")]
    [InlineData("pkg:rpm/redhat/python3-libs@3.9.18-1.el9?upstream=python3.9-3.9.18-1.el9.src.rpm", "python3.9", "3.9.18-1.el9")]
    [InlineData("pkg:deb/debian/libc6@2.36-9", null, null)]
    [InlineData("pkg:npm/lodash@4.17.21?upstream=x", null, null)]
    public void The_upstream_qualifier_names_the_source_package(string purl, string? name, string? version)
    {
        Assert.True(PackageUrl.TryParse(purl, out var parsed, out _));
        var component = new SbomComponent("components[0]", parsed.Name, parsed.Version, parsed, null, null, null, []);

        Assert.Equal((name, version), SourcePackages.Of(component));
    }

    [Fact]
    public void What_the_producer_states_about_the_source_wins_over_the_upstream_qualifier()
    {
        Assert.True(PackageUrl.TryParse("pkg:deb/debian/libc6@2.36-9?upstream=glibc", out var purl, out _));
        var component = new SbomComponent("components[0]", "libc6", "2.36-9", purl, "glibc", "2.36-9", null, []);

        Assert.Equal(("glibc", "2.36-9"), SourcePackages.Of(component));
    }

    [Theory]
    [InlineData("alpine-3.16.2", "alpine", "3.16.2", "3.16")]
    [InlineData("3.16.2", null, "3.16.2", "3.16")]
    [InlineData("debian-12", "debian", "12", null)]
    [InlineData("opensuse-leap-15.5", "opensuse-leap", "15.5", "15.5")]
    [InlineData("ubuntu-22.04", "ubuntu", "22.04", "22.04")]
    [InlineData("bookworm", "bookworm", null, null)]
    public void Distro_qualifiers_split_into_id_and_version(string text, string? id, string? version, string? majorMinor)
    {
        var release = DistroRelease.Parse(text)!;

        Assert.Equal((id, version, majorMinor), (release.Id, release.Version, release.Numeric(2)));
    }

    [Theory]
    [InlineData("openssl-1.1.1k-7.el8_6.src.rpm", "openssl", "1.1.1k-7.el8_6")]
    [InlineData("glibc-2.28-236.el8.7.nosrc.rpm", "glibc", "2.28-236.el8.7")]
    public void Source_rpm_file_names_split_into_name_and_version(string file, string name, string version)
    {
        Assert.True(SourceRpmName.TryParse(file, out var n, out var v));
        Assert.Equal((name, version), (n, v));
    }

    [Theory]
    [InlineData("openssl.src.rpm")]
    [InlineData("openssl-1.0.src.rpm")]
    [InlineData("openssl-1.0-2.rpm")]
    public void Malformed_source_rpm_names_are_not_split(string file) =>
        Assert.False(SourceRpmName.TryParse(file, out _, out _));

    private static PackageIdentity Resolve(string purl, string? declared, OperatingSystemRelease? os, out string? problem)
    {
        Assert.True(PackageUrl.TryParse(purl, out var parsed, out var error), error);
        return OsvEcosystems.Resolve(parsed, declared, os, out problem)!;
    }
}
