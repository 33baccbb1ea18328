using Tether.Scanner.Analyze;
using Tether.Scanner.Analyze.Os;
using Tether.Scanner.Analyze.Os.Apk;
using Tether.Scanner.Analyze.Os.Dpkg;
using Tether.Scanner.Analyze.Os.Rpm;
using Tether.Vulnerabilities.Sbom.Normalize;
using Tether.Vulnerabilities.Sbom.Parse;
using Xunit;

namespace Tether.Scanner.Tests.Analyze.Os;

public sealed class OsPackageUrlTests
{
    private static readonly OperatingSystemRelease Debian12 = new("debian", "12");
    private static readonly OperatingSystemRelease Ubuntu1804 = new("ubuntu", "18.04");
    private static readonly OperatingSystemRelease Alpine346 = new("alpine", "3.4.6");
    private static readonly OperatingSystemRelease Rhel92 = new("rhel", "9.2");

    private static readonly Dictionary<string, (ScannedPackage Package, OperatingSystemRelease Os, string Purl, string Ecosystem, string Version)> Examples = new()
    {
        ["debian-libssl3"] = (
            new ScannedPackage("deb", "libssl3", "3.0.11-1~deb12u2") { Architecture = "amd64", SourceName = "openssl", Path = "var/lib/dpkg/status" },
            Debian12,
            "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl",
            "Debian:12",
            "3.0.11-1~deb12u2"),
        ["alpine-musl"] = (
            new ScannedPackage("apk", "musl", "1.1.14-r10") { Architecture = "x86_64", SourceName = "musl", Path = "lib/apk/db/installed" },
            Alpine346,
            "pkg:apk/alpine/musl@1.1.14-r10?arch=x86_64&distro=3.4.6",
            "Alpine:v3.4",
            "1.1.14-r10"),
        ["rhel-openssl-libs"] = (
            new ScannedPackage("rpm", "openssl-libs", "3.0.7-18.el9_2")
            {
                Epoch = 1, Architecture = "x86_64", SourceName = "openssl", SourceVersion = "3.0.7-18.el9_2", Path = "var/lib/rpm/rpmdb.sqlite",
            },
            Rhel92,
            "pkg:rpm/redhat/openssl-libs@3.0.7-18.el9_2?arch=x86_64&distro=rhel-9.2&epoch=1&upstream=openssl-3.0.7-18.el9_2.src.rpm",
            "Red Hat:enterprise_linux:9",
            "1:3.0.7-18.el9_2"),
        ["ubuntu-bsdutils-epoch"] = (
            new ScannedPackage("deb", "bsdutils", "2.31.1-0.4ubuntu3.1")
            {
                Epoch = 1, Architecture = "amd64", SourceName = "util-linux", SourceVersion = "2.31.1-0.4ubuntu3.1", Path = "var/lib/dpkg/status",
            },
            Ubuntu1804,
            "pkg:deb/ubuntu/bsdutils@1:2.31.1-0.4ubuntu3.1?arch=amd64&distro=ubuntu-18.04&upstream=util-linux%402.31.1-0.4ubuntu3.1",
            "Ubuntu:18.04:LTS",
            "1:2.31.1-0.4ubuntu3.1"),
        ["sles-libstdc++"] = (
            new ScannedPackage("rpm", "libstdc++6", "12.2.1+git416-150000.1.5.1")
            {
                Architecture = "x86_64", SourceName = "gcc12", SourceVersion = "12.2.1+git416-150000.1.5.1", Path = "usr/lib/sysimage/rpm/Packages.db",
            },
            new OperatingSystemRelease("sles", "15.3"),
            "pkg:rpm/suse/libstdc%2B%2B6@12.2.1%2Bgit416-150000.1.5.1?arch=x86_64&distro=sles-15.3&upstream=gcc12-12.2.1%2Bgit416-150000.1.5.1.src.rpm",
            "suse:15.3",
            "12.2.1+git416-150000.1.5.1"),
    };

    public static TheoryData<string> ExampleNames => [.. Examples.Keys];

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void Writes_the_purl_that_resolves_to_the_distro_release_ecosystem(string example)
    {
        var (package, os, purl, ecosystem, version) = Examples[example];

        var text = OsPackageUrl.For(package, os);

        Assert.Equal(purl, text);
        var identity = OsvEcosystems.Resolve(Parse(text), null, null, out var problem);
        Assert.Null(problem);
        Assert.Equal((ecosystem, package.Name, version), (identity!.Ecosystem, identity.Name, identity.Version));
    }

    [Fact]
    public void Every_ubuntu_package_of_the_dpkg_fixture_resolves_to_ubuntu_18_04_with_its_source()
    {
        var packages = new DpkgStatusAnalyzer().Analyze("var/lib/dpkg/status", Fixtures.Bytes(Fixtures.DpkgStatus));

        Assert.All(packages, package =>
        {
            var purl = Parse(OsPackageUrl.For(package, Ubuntu1804));
            var identity = OsvEcosystems.Resolve(purl, null, null, out var problem);
            Assert.Null(problem);
            var full = package.Epoch is { } e ? $"{e}:{package.Version}" : package.Version;
            Assert.Equal(("Ubuntu:18.04:LTS", package.Name, full), (identity!.Ecosystem, identity.Name, identity.Version));
            Assert.Equal(("ubuntu", package.Architecture, "ubuntu-18.04"), (purl.Namespace, purl.Qualifier("arch"), purl.Qualifier("distro")));
            var upstream = package.SourceName is null || (package.SourceName == package.Name && package.SourceVersion is null) ? null
                : package.SourceVersion is null ? package.SourceName : $"{package.SourceName}@{package.SourceVersion}";
            Assert.Equal(upstream == $"{package.Name}@{full}" ? null : upstream, purl.Qualifier("upstream"));
        });
    }

    [Fact]
    public void Every_alpine_package_resolves_to_alpine_3_4()
    {
        var packages = new ApkInstalledAnalyzer().Analyze("lib/apk/db/installed", Fixtures.Bytes(Fixtures.ApkInstalled));

        Assert.All(packages, package =>
        {
            var identity = OsvEcosystems.Resolve(Parse(OsPackageUrl.For(package, Alpine346)), null, null, out var problem);
            Assert.Null(problem);
            Assert.Equal(("Alpine:v3.4", package.Name, package.Version), (identity!.Ecosystem, identity.Name, identity.Version));
        });
    }

    [Fact]
    public void Every_mariner_package_keeps_its_name_version_and_source_rpm()
    {
        var packages = new RpmSqliteAnalyzer().Analyze("var/lib/rpm/rpmdb.sqlite", Fixtures.Bytes(Fixtures.RpmSqlite));

        Assert.All(packages, package =>
        {
            var purl = Parse(OsPackageUrl.For(package, new OperatingSystemRelease("mariner", "2.0")));
            var identity = OsvEcosystems.Resolve(purl, null, null, out _);
            var version = package.Epoch is { } epoch ? $"{epoch}:{package.Version}" : package.Version;
            Assert.Equal(("mariner:2.0", package.Name, version), (identity!.Ecosystem, identity.Name, identity.Version));
            Assert.Equal(package.Epoch?.ToString(System.Globalization.CultureInfo.InvariantCulture), purl.Qualifier("epoch"));
            Assert.True(SourceRpmName.TryParse(purl.Qualifier("upstream"), out var name, out var versionRelease));
            Assert.Equal((package.SourceName, package.SourceVersion), (name, versionRelease));
        });
    }

    [Fact]
    public void Without_a_release_the_purl_names_no_distro_and_resolution_says_so()
    {
        var package = new ScannedPackage("deb", "libssl3", "3.0.11-1~deb12u2") { Architecture = "amd64", Path = "var/lib/dpkg/status" };

        var text = OsPackageUrl.For(package, null);

        Assert.Equal("pkg:deb/libssl3@3.0.11-1~deb12u2?arch=amd64", text);
        OsvEcosystems.Resolve(Parse(text), null, null, out var problem);
        Assert.Contains("names no distro", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Debian_testing_has_the_codename_as_its_release_and_resolves_to_debian_without_one()
    {
        var package = new ScannedPackage("deb", "libc6", "2.37-12") { Architecture = "amd64", SourceName = "glibc", Path = "var/lib/dpkg/status" };

        var text = OsPackageUrl.For(package, new OperatingSystemRelease("debian", "trixie/sid"));

        Assert.Equal("pkg:deb/debian/libc6@2.37-12?arch=amd64&distro=debian-trixie%2Fsid&upstream=glibc", text);
        var identity = OsvEcosystems.Resolve(Parse(text), null, null, out _);
        Assert.Equal("Debian", identity!.Ecosystem);
    }

    [Fact]
    public void Language_packages_are_refused()
    {
        var package = new ScannedPackage("npm", "lodash", "4.17.21") { Path = "package-lock.json" };

        Assert.Throws<ArgumentException>(() => OsPackageUrl.For(package, Debian12));
    }

    private static PackageUrl Parse(string text)
    {
        Assert.True(PackageUrl.TryParse(text, out var purl, out var error), error);
        return purl;
    }
}
