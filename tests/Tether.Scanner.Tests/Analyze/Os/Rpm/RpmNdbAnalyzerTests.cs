using System.Buffers.Binary;
using Tether.Core.Errors;
using Tether.Scanner.Analyze.Os.Rpm;
using Xunit;

namespace Tether.Scanner.Tests.Analyze.Os.Rpm;

public sealed class RpmNdbAnalyzerTests
{
    private const string DbPath = "usr/lib/sysimage/rpm/Packages.db";
    private readonly RpmNdbAnalyzer analyzer = new();

    [Fact]
    public void Packages_match_what_go_rpmdb_expects_of_the_same_database_in_its_order()
    {
        // Debian's rpm has no ndb backend; the reference is go-rpmdb's expectation for this file (see testdata/SOURCES.md).
        var expected = File.ReadLines(Fixtures.Local("sle15-bci-go-rpmdb-fixture.txt")).Where(line => !line.StartsWith('#')).ToList();

        var packages = analyzer.Analyze(DbPath, Fixtures.Bytes(Fixtures.RpmNdb));

        Assert.Equal(35, expected.Count);
        Assert.Equal(expected, packages.Select(p => $"{p.Architecture} {p.Name} {p.Version}"));
    }

    [Fact]
    public void Source_rpms_licences_and_files_are_read_from_each_blob()
    {
        var packages = analyzer.Analyze(DbPath, Fixtures.Bytes(Fixtures.RpmNdb));

        Assert.All(packages, p => Assert.NotNull(p.SourceName));
        var bash = Assert.Single(packages, p => p.Name == "bash");
        Assert.Equal(("bash", "4.4-19.6.1", "GPL-3.0-or-later"), (bash.SourceName, bash.SourceVersion, bash.Licenses.Single()));
        Assert.Contains("usr/bin/bash", bash.Files);
        var readline = Assert.Single(packages, p => p.Name == "libreadline7");
        Assert.Equal(("7.0-19.6.1", "bash", "4.4-19.6.1"), (readline.Version, readline.SourceName, readline.SourceVersion));
        var stdcxx = Assert.Single(packages, p => p.Name == "libstdc++6");
        Assert.Equal(("gcc11", "11.2.1+git610-1.3.9"), (stdcxx.SourceName, stdcxx.SourceVersion));
    }

    [Theory]
    [InlineData("usr/lib/sysimage/rpm/Packages.db", true)]
    [InlineData("var/lib/rpm/Packages.db", true)]
    [InlineData("usr/lib/sysimage/rpm/Packages", false)]
    public void Wants_the_ndb_database(string path, bool wanted) => Assert.Equal(wanted, analyzer.Wants(path));

    [Fact]
    public void A_slot_page_count_beyond_the_file_is_rejected()
    {
        var bytes = File.ReadAllBytes(Fixtures.RpmNdb);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), uint.MaxValue);

        var error = Assert.Throws<InputException>(() => analyzer.Analyze(DbPath, bytes));

        Assert.Equal("header", error.Field);
    }

    [Fact]
    public void A_blob_length_beyond_its_blocks_is_rejected_naming_the_slot()
    {
        var bytes = File.ReadAllBytes(Fixtures.RpmNdb);
        var blockOffset = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(32 + 8)) * 16;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(blockOffset + 12), 0x7fffffff);

        var error = Assert.Throws<InputException>(() => analyzer.Analyze(DbPath, bytes));

        Assert.Equal("slot at byte 32", error.Field);
    }

    [Fact]
    public void A_truncated_database_is_rejected()
    {
        var bytes = File.ReadAllBytes(Fixtures.RpmNdb);

        var error = Assert.Throws<InputException>(() => analyzer.Analyze(DbPath, bytes.AsMemory(0, bytes.Length / 3)));

        Assert.StartsWith("slot at byte ", error.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_is_not_an_ndb_database()
    {
        var error = Assert.Throws<InputException>(() => analyzer.Analyze(DbPath, new byte[100]));

        Assert.Contains("RpmP", error.Message, StringComparison.Ordinal);
    }
}
