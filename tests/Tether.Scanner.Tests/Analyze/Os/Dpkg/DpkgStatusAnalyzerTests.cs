using System.Text;
using Tether.Core.Errors;
using Tether.Scanner.Analyze;
using Tether.Scanner.Analyze.Os.Dpkg;
using Tether.Testing;
using Xunit;

namespace Tether.Scanner.Tests.Analyze.Os.Dpkg;

public sealed class DpkgStatusAnalyzerTests
{
    private const string StatusPath = "var/lib/dpkg/status";
    private readonly DpkgStatusAnalyzer analyzer = new();

    [Fact]
    public async Task Installed_packages_match_dpkg_query_on_the_same_database()
    {
        using var admin = new TempDirectory();
        File.Copy(Fixtures.DpkgStatus, admin.File("status"));
        Directory.CreateDirectory(admin.File("info"));
        var output = await ReferenceTool.RunAsync(
            "/usr/bin/dpkg-query",
            $"--admindir={admin.Path}",
            "-W",
            "-f",
            "${db:Status-Status} ${Package} ${Architecture} ${Version} ${source:Package} ${source:Version}\n");
        var expected = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .Where(fields => fields[0] == "installed")
            .Select(fields => string.Join(' ', fields[1..]))
            .Order(StringComparer.Ordinal)
            .ToList();

        var packages = analyzer.Analyze(StatusPath, Fixtures.Bytes(Fixtures.DpkgStatus));

        var actual = packages.Select(p =>
            {
                var full = p.Epoch is { } e ? $"{e}:{p.Version}" : p.Version;
                return $"{p.Name} {p.Architecture} {full} {p.SourceName ?? p.Name} {p.SourceVersion ?? full}";
            })
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(90, expected.Count);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Epoch_and_source_version_are_split_from_the_fields()
    {
        var packages = analyzer.Analyze(StatusPath, Fixtures.Bytes(Fixtures.DpkgStatus));

        var bsdutils = Assert.Single(packages, p => p.Name == "bsdutils");
        Assert.Equal(
            new ScannedPackage("deb", "bsdutils", "2.31.1-0.4ubuntu3.1")
            {
                Epoch = 1,
                Architecture = "amd64",
                SourceName = "util-linux",
                SourceVersion = "2.31.1-0.4ubuntu3.1",
                Path = StatusPath,
            },
            bsdutils,
            PackageComparer.Instance);
        var pam = Assert.Single(packages, p => p.Name == "libpam-runtime");
        Assert.Equal(("pam", null, null, "all"), (pam.SourceName, pam.SourceVersion, pam.Epoch, pam.Architecture));
        var diffutils = Assert.Single(packages, p => p.Name == "diffutils");
        Assert.Equal(("3.6-1", 1, null), (diffutils.Version, diffutils.Epoch, diffutils.SourceName));
    }

    [Fact]
    public void Packages_with_only_configuration_files_left_are_not_installed()
    {
        var packages = analyzer.Analyze(StatusPath, Fixtures.Bytes(Fixtures.DpkgStatus));

        Assert.DoesNotContain(packages, p => p.Name == "git");
        Assert.Equal(90, packages.Count);
    }

    [Fact]
    public void A_distroless_status_d_entry_is_one_installed_package()
    {
        const string path = "var/lib/dpkg/status.d/libsqlite3-0";

        var package = Assert.Single(analyzer.Analyze(path, Fixtures.Bytes(Fixtures.DistrolessStatus)));

        Assert.Equal(
            new ScannedPackage("deb", "libsqlite3-0", "3.34.1-3") { Architecture = "arm64", SourceName = "sqlite3", Path = path },
            package,
            PackageComparer.Instance);
    }

    [Fact]
    public void A_multi_arch_package_installed_for_two_architectures_is_two_packages()
    {
        var status = """
            Package: libc6
            Status: install ok installed
            Architecture: amd64
            Multi-Arch: same
            Source: glibc
            Version: 2.36-9+deb12u4

            Package: libc6
            Status: hold ok installed
            Architecture: i386
            Multi-Arch: same
            Source: glibc
            Version: 2.36-9+deb12u4

            Package: libc6-dev
            Status: install ok unpacked
            Architecture: amd64
            Version: 2.36-9+deb12u4
            """;

        var packages = analyzer.Analyze(StatusPath, Encoding.UTF8.GetBytes(status));

        Assert.Equal(["libc6 amd64 glibc", "libc6 i386 glibc"], packages.Select(p => $"{p.Name} {p.Architecture} {p.SourceName}"));
    }

    [Theory]
    [InlineData("var/lib/dpkg/status", true)]
    [InlineData("var/lib/dpkg/status.d/libsqlite3-0", true)]
    [InlineData("var/lib/dpkg/status.d/libsqlite3-0.md5sums", false)]
    [InlineData("var/lib/dpkg/status.d/sub/libc6", false)]
    [InlineData("var/lib/dpkg/status-old", false)]
    [InlineData("var/lib/dpkg/available", false)]
    [InlineData("usr/var/lib/dpkg/status", false)]
    public void Wants_the_status_file_and_distroless_entries(string path, bool wanted) =>
        Assert.Equal(wanted, analyzer.Wants(path));

    [Fact]
    public void An_installed_package_without_a_version_is_skipped_with_a_warning()
    {
        var status = "Package: broken\nStatus: install ok installed\n\nPackage: fine\nStatus: install ok installed\nVersion: 1.0\n";

        var result = ((IFileAnalyzer)analyzer).AnalyzeWithWarnings(StatusPath, Encoding.UTF8.GetBytes(status));

        Assert.Equal(["fine"], result.Packages.Select(p => p.Name));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal((StatusPath, "line 1"), (warning.Path, warning.Field));
        Assert.Contains("'broken'", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_status_file_cut_in_the_middle_of_a_field_name_is_rejected_with_its_line()
    {
        var text = File.ReadAllText(Fixtures.DpkgStatus);
        var cut = text.IndexOf("Priority:", StringComparison.Ordinal) + 4;

        var error = Assert.Throws<InputException>(() => analyzer.Analyze(StatusPath, Encoding.UTF8.GetBytes(text[..cut])));

        Assert.Equal((StatusPath, "line 3"), (error.Source, error.Field));
        Assert.Contains("'Prio'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_status_file_cut_anywhere_yields_a_prefix_of_its_packages_or_a_clear_error()
    {
        var bytes = File.ReadAllBytes(Fixtures.DpkgStatus);
        var all = analyzer.Analyze(StatusPath, bytes).Select(p => p.Name).ToList();
        var outcomes = new List<string>();
        for (var cut = 0; cut < bytes.Length; cut += 997)
        {
            try
            {
                var names = analyzer.Analyze(StatusPath, bytes.AsMemory(0, cut)).Select(p => p.Name).ToList();
                // A cut stanza loses its Status (not installed) or keeps its name: what is read is a prefix.
                Assert.Equal(all.Take(names.Count), names);
                outcomes.Add("packages");
            }
            catch (InputException e)
            {
                Assert.Equal(StatusPath, e.Source);
                Assert.StartsWith("line ", e.Field, StringComparison.Ordinal);
                outcomes.Add("error");
            }
        }

        Assert.Contains("packages", outcomes);
        Assert.Contains("error", outcomes);
    }

    [Fact]
    public void Binary_garbage_is_rejected()
    {
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);

        var error = Assert.Throws<InputException>(() => analyzer.Analyze(StatusPath, garbage));

        Assert.Equal(StatusPath, error.Source);
        Assert.Contains("NUL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Printable_garbage_is_rejected_at_its_first_line()
    {
        var random = new Random(11);
        var garbage = new string([.. Enumerable.Range(0, 2000).Select(i => i % 50 == 49 ? '\n' : (char)random.Next('A', 'z'))]);

        var error = Assert.Throws<InputException>(() => analyzer.Analyze(StatusPath, Encoding.UTF8.GetBytes(garbage)));

        Assert.Equal("line 1", error.Field);
    }

    [Fact]
    public void A_huge_line_is_rejected_without_reading_it_as_a_field()
    {
        var status = "Package: big\nDescription: " + new string('x', 2 << 20) + "\n";

        var error = Assert.Throws<InputException>(() => analyzer.Analyze(StatusPath, Encoding.UTF8.GetBytes(status)));

        Assert.Equal("line 2", error.Field);
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_rejected()
    {
        var big = new byte[analyzer.MaxBytes + 1];

        var error = Assert.Throws<InputException>(() => analyzer.Analyze(StatusPath, big));

        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Package: a\nStatus: install ok installed\nVersion: x:1.0\n", "line 1: Version")]
    [InlineData("Package: a\nStatus: install ok installed\nVersion: 1.0\nSource: b (1.0\n", "line 1: Source")]
    [InlineData("Package: a b\nStatus: install ok installed\nVersion: 1.0\n", "line 1: Package")]
    [InlineData("Package: a\nStatus: installed\nVersion: 1.0\n", "line 1: Status")]
    [InlineData("Status: install ok installed\nVersion: 1.0\n", "line 1")]
    [InlineData(" continued\n", "line 1")]
    public void Malformed_fields_are_rejected_naming_the_stanza_and_field(string status, string field)
    {
        var error = Assert.Throws<InputException>(() => analyzer.Analyze(StatusPath, Encoding.UTF8.GetBytes(status)));

        Assert.Equal(field, error.Field);
    }
}
