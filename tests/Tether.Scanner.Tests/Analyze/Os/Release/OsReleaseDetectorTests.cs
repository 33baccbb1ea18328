using System.Text;
using Tether.Core.Errors;
using Tether.Scanner.Analyze.Os.Release;
using Tether.Vulnerabilities.Sbom.Parse;
using Xunit;

namespace Tether.Scanner.Tests.Analyze.Os.Release;

public sealed class OsReleaseDetectorTests
{
    [Theory]
    [InlineData("debian-12", "debian", "12")]
    [InlineData("debian-sid", "debian", "trixie/sid")]
    [InlineData("distroless-debian-11", "debian", "11")]
    [InlineData("ubuntu-18.04", "ubuntu", "18.04")]
    [InlineData("ubuntu-lsb-only", "ubuntu", "18.04")]
    [InlineData("alpine-3.15", "alpine", "3.15.4")]
    [InlineData("alpine-no-version-id", "alpine", "3.15.4")]
    [InlineData("alpine-release-only", "alpine", "3.4.6")]
    [InlineData("rhel-9.4", "rhel", "9.4")]
    [InlineData("centos-7-redhat-release-only", "centos", "7.6.1810")]
    [InlineData("cbl-mariner-2.0", "mariner", "2.0")]
    [InlineData("opensuse-leap-15.2.1", "opensuse-leap", "15.2.1")]
    public void Detects_the_release_of_a_root_filesystem(string root, string id, string version)
    {
        Assert.Equal(new OperatingSystemRelease(id, version), OsReleaseDetector.Detect(Files(root)));
    }

    [Fact]
    public void Reads_only_the_files_it_lists()
    {
        var roots = Directory.GetDirectories(Fixtures.Local("release"));
        var found = roots.SelectMany(root => Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Relative(root, f))).ToHashSet();

        Assert.Subset(OsReleaseDetector.Paths.ToHashSet(), found);
        Assert.Equal(12, roots.Length);
    }

    [Fact]
    public void No_release_file_means_no_release()
    {
        Assert.Null(OsReleaseDetector.Detect(new Dictionary<string, ReadOnlyMemory<byte>>()));
    }

    [Fact]
    public void An_os_release_without_an_id_falls_back_to_the_distro_files()
    {
        var files = Text(("etc/os-release", "NAME=\"Something\"\nVERSION_ID=1\n"), ("etc/debian_version", "12.4\n"));

        Assert.Equal(new OperatingSystemRelease("debian", "12.4"), OsReleaseDetector.Detect(files));
    }

    [Fact]
    public void An_id_with_characters_os_release_forbids_counts_as_absent()
    {
        var files = Text(("etc/os-release", "ID=\"debian&distro=evil\"\nVERSION_ID=12\n"));

        Assert.Null(OsReleaseDetector.Detect(files));
    }

    [Fact]
    public void Quoted_values_are_unquoted_as_the_shell_does()
    {
        var files = Text(("etc/os-release", "# comment\nID='fedora'\nVERSION_ID=\"3\\\"9\"\ngarbage line\n"));

        Assert.Equal(new OperatingSystemRelease("fedora", "3\"9"), OsReleaseDetector.Detect(files));
    }

    [Fact]
    public void A_rolling_release_has_an_id_and_no_version()
    {
        var files = Text(("etc/os-release", "NAME=\"Arch Linux\"\nID=arch\nBUILD_ID=rolling\n"));

        Assert.Equal(new OperatingSystemRelease("arch", null), OsReleaseDetector.Detect(files));
    }

    [Fact]
    public void A_release_file_over_the_limit_is_rejected_naming_it()
    {
        var files = new Dictionary<string, ReadOnlyMemory<byte>> { ["etc/os-release"] = new byte[OsReleaseDetector.MaxBytes + 1] };

        var error = Assert.Throws<InputException>(() => OsReleaseDetector.Detect(files));

        Assert.Equal("etc/os-release", error.Source);
    }

    [Fact]
    public void Binary_garbage_in_a_release_file_names_nothing()
    {
        var garbage = new byte[4096];
        new Random(1).NextBytes(garbage);
        var files = new Dictionary<string, ReadOnlyMemory<byte>> { ["etc/os-release"] = garbage, ["etc/redhat-release"] = garbage };

        Assert.Null(OsReleaseDetector.Detect(files));
    }

    private static Dictionary<string, ReadOnlyMemory<byte>> Files(string root)
    {
        var folder = Fixtures.Local("release", root);
        return Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Relative(folder, f), f => (ReadOnlyMemory<byte>)File.ReadAllBytes(f));
    }

    private static Dictionary<string, ReadOnlyMemory<byte>> Text(params (string Path, string Content)[] files) =>
        files.ToDictionary(f => f.Path, f => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(f.Content));

    private static string Relative(string root, string file) => Path.GetRelativePath(root, file).Replace('\\', '/');
}
