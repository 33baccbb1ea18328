using System.Text;
using Tether.Core.Errors;
using Tether.Scanner.Analyze;
using Tether.Scanner.Analyze.Os.Apk;
using Xunit;

namespace Tether.Scanner.Tests.Analyze.Os.Apk;

public sealed class ApkInstalledAnalyzerTests
{
    private const string InstalledPath = "lib/apk/db/installed";
    private readonly ApkInstalledAnalyzer analyzer = new();

    /// <summary>Every stanza of the fixture with a version: name, version, arch, origin, licence, number of files (read off the file).</summary>
    private static readonly string[] ExpectedPackages =
    [
        "musl 1.1.14-r10 x86_64 musl [MIT] 2",
        "busybox 1.24.2-r9 x86_64 busybox [GPL2] 5",
        "alpine-baselayout 3.0.3-r0 x86_64 alpine-baselayout [GPL2] 25",
        "alpine-keys 1.1-r0 x86_64 alpine-keys [GPL] 5",
        "zlib 1.2.8-r2 x86_64 zlib [zlib] 2",
        "libcrypto1.0 1.0.2h-r1 x86_64 openssl [openssl] 15",
        "libssl1.0 1.0.2h-r1 x86_64 openssl [openssl] 2",
        "apk-tools 2.6.7-r0 x86_64 apk-tools [GPL2] 1",
        "scanelf 1.1.6-r0 x86_64 pax-utils [GPL2] 1",
        "musl-utils 1.1.14-r10 x86_64 musl [MIT BSD GPL2+] 5",
        "libc-utils 0.7-r0 x86_64 libc-dev [GPL] 0",
        "pkgconf 1.6.0-r0 x86_64 pkgconf [ISC] 5",
        "sqlite-libs 3.26.0-r3 x86_64 sqlite [Public-Domain] 2",
        "test 2.9.11_pre20061021-r2 x86_64 test-parent [Public-Domain] 4",
        "ada-libs 2.7.4-r0 x86_64 ada [( Apache-2.0 OR MIT ) AND MPL-2.0] 2",
    ];

    [Fact]
    public void Reads_every_package_of_the_installed_database_in_order()
    {
        var packages = analyzer.Analyze(InstalledPath, Fixtures.Bytes(Fixtures.ApkInstalled));

        Assert.Equal(
            ExpectedPackages,
            packages.Select(p => $"{p.Name} {p.Version} {p.Architecture} {p.SourceName} [{string.Join(',', p.Licenses)}] {p.Files.Count}"));
        Assert.All(packages, p => Assert.Equal(("apk", InstalledPath, null), (p.Type, p.Path, p.Epoch)));
    }

    [Fact]
    public void Musl_and_busybox_carry_their_origin_and_files()
    {
        var packages = analyzer.Analyze(InstalledPath, Fixtures.Bytes(Fixtures.ApkInstalled));

        Assert.Equal(
            new ScannedPackage("apk", "musl", "1.1.14-r10")
            {
                Architecture = "x86_64",
                SourceName = "musl",
                Licenses = ["MIT"],
                Path = InstalledPath,
                Files = ["lib/libc.musl-x86_64.so.1", "lib/ld-musl-x86_64.so.1"],
            },
            packages[0],
            PackageComparer.Instance);
        var busybox = Assert.Single(packages, p => p.Name == "busybox");
        Assert.Equal(("1.24.2-r9", "busybox"), (busybox.Version, busybox.SourceName));
        Assert.Equal(["bin/busybox", "bin/sh", "etc/securetty", "etc/udhcpd.conf", "etc/logrotate.d/acpid"], busybox.Files);
        var sqlite = Assert.Single(packages, p => p.Name == "sqlite-libs");
        Assert.Equal(["usr/lib/libsqlite3.so.0", "usr/lib/libsqlite3.so.0.8.6"], sqlite.Files);
        var test = Assert.Single(packages, p => p.Name == "test");
        Assert.Equal(["usr/lib/libsqlite3.so", "usr/lib/pkgconfig/sqlite3.pc", "usr/include/sqlite3ext.h", "usr/include/sqlite3.h"], test.Files);
    }

    [Fact]
    public void The_entry_without_a_version_is_skipped_with_a_warning()
    {
        var result = ((IFileAnalyzer)analyzer).AnalyzeWithWarnings(InstalledPath, Fixtures.Bytes(Fixtures.ApkInstalled));

        Assert.Equal(15, result.Packages.Count);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal((InstalledPath, "line 23"), (warning.Path, warning.Field));
        Assert.Contains("'invalidPackageWithoutAVersion' has no version", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lib/apk/db/installed", true)]
    [InlineData("usr/lib/apk/db/installed", true)]
    [InlineData("lib/apk/db/installed.old", false)]
    [InlineData("var/lib/apk/db/installed", false)]
    public void Wants_the_installed_database(string path, bool wanted) => Assert.Equal(wanted, analyzer.Wants(path));

    [Theory]
    [InlineData("P:musl\nV:1.0\nnot a field\n", "line 3")]
    [InlineData("P:musl\nV:1.0\n:x\n", "line 3")]
    [InlineData("Package: musl\n", "line 1")]
    public void Lines_that_are_not_key_value_reject_the_file(string text, string field)
    {
        var error = Assert.Throws<InputException>(() => analyzer.Analyze(InstalledPath, Encoding.UTF8.GetBytes(text)));

        Assert.Equal((InstalledPath, field), (error.Source, error.Field));
    }

    [Fact]
    public void A_database_cut_anywhere_yields_a_prefix_of_its_packages_or_a_clear_error()
    {
        var bytes = File.ReadAllBytes(Fixtures.ApkInstalled);
        var all = analyzer.Analyze(InstalledPath, bytes).Select(p => p.Name).ToList();
        for (var cut = 0; cut < bytes.Length; cut += 61)
        {
            try
            {
                var names = analyzer.Analyze(InstalledPath, bytes.AsMemory(0, cut)).Select(p => p.Name).ToList();
                // The last stanza may be cut inside its name or version and still be read: compare all but it.
                Assert.Equal(all.Take(Math.Max(0, names.Count - 1)), names.Take(Math.Max(0, names.Count - 1)));
            }
            catch (InputException e)
            {
                // A cut between "K" and ":" leaves a line that is not K:value.
                Assert.StartsWith("line ", e.Field, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Binary_garbage_is_rejected()
    {
        var garbage = new byte[1024];
        new Random(3).NextBytes(garbage);

        var error = Assert.Throws<InputException>(() => analyzer.Analyze(InstalledPath, garbage));

        Assert.Equal(InstalledPath, error.Source);
    }

    [Fact]
    public void A_long_directory_repeated_for_many_files_hits_the_path_limit_not_memory()
    {
        var text = new StringBuilder("P:bomb\nV:1\nF:").Append('d', 5000).Append('\n');
        for (var i = 0; i < 1000; i++)
        {
            text.Append("R:f\n");
        }

        var error = Assert.Throws<InputException>(() => analyzer.Analyze(InstalledPath, Encoding.UTF8.GetBytes(text.ToString())));

        Assert.Equal("line 4", error.Field);
        Assert.Contains("4096", error.Message, StringComparison.Ordinal);
    }
}
