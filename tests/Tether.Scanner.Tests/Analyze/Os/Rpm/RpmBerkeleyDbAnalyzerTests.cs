using System.Buffers.Binary;
using Tether.Core.Errors;
using Tether.Scanner.Analyze.Os.Rpm;
using Xunit;

namespace Tether.Scanner.Tests.Analyze.Os.Rpm;

public sealed class RpmBerkeleyDbAnalyzerTests
{
    private const string DbPath = "var/lib/rpm/Packages";
    private readonly RpmBerkeleyDbAnalyzer analyzer = new();

    [Fact]
    public async Task Packages_and_files_match_what_rpm_reads_from_the_same_database()
    {
        var reference = await RpmQuery.RunAsync(Fixtures.RpmBerkeleyDb, "bdb_ro");

        var packages = analyzer.Analyze(DbPath, Fixtures.Bytes(Fixtures.RpmBerkeleyDb));

        Assert.Equal(["libuuid\t0\t2.32.1-42.el8_8\tx86_64\tutil-linux-2.32.1-42.el8_8.src.rpm\tBSD"], reference.Packages);
        Assert.Equal(reference.Packages, RpmQuery.Packages(packages));
        Assert.Equal(reference.Files, RpmQuery.Files(packages));
        Assert.Contains("usr/lib64/libuuid.so.1", Assert.Single(packages).Files);
    }

    [Theory]
    [InlineData("var/lib/rpm/Packages", true)]
    [InlineData("usr/lib/sysimage/rpm/Packages", true)]
    [InlineData("var/lib/rpm/Packages.db", false)]
    [InlineData("var/lib/rpm/Name", false)]
    public void Wants_the_packages_database(string path, bool wanted) => Assert.Equal(wanted, analyzer.Wants(path));

    [Fact]
    public void A_truncated_database_is_rejected_as_truncated()
    {
        var bytes = File.ReadAllBytes(Fixtures.RpmBerkeleyDb);

        var error = Assert.Throws<InputException>(() => analyzer.Analyze(DbPath, bytes.AsMemory(0, bytes.Length - 4096)));

        Assert.Equal((DbPath, "metadata page"), (error.Source, error.Field));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overflow_chain_that_loops_is_rejected()
    {
        var bytes = File.ReadAllBytes(Fixtures.RpmBerkeleyDb);
        // Point the first overflow page with a successor back at itself.
        var pageSize = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20));
        var page = Enumerable.Range(1, (bytes.Length / pageSize) - 1)
            .First(p => bytes[(p * pageSize) + 25] == 7 && BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((p * pageSize) + 16)) != 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((page * pageSize) + 16), (uint)page);

        var error = Assert.Throws<InputException>(() => analyzer.Analyze(DbPath, bytes));

        Assert.Equal(DbPath, error.Source);
        Assert.StartsWith("page ", error.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_length_beyond_the_file_is_rejected_before_allocating_it()
    {
        var bytes = File.ReadAllBytes(Fixtures.RpmBerkeleyDb);
        var pageSize = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20));
        var (page, item) = FirstOffPageItem(bytes, pageSize);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((page * pageSize) + item + 8), uint.MaxValue);

        var error = Assert.Throws<InputException>(() => analyzer.Analyze(DbPath, bytes));

        Assert.Contains("4294967295 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_is_not_a_berkeley_database()
    {
        var bytes = new byte[4096];
        new Random(9).NextBytes(bytes);

        var error = Assert.Throws<InputException>(() => analyzer.Analyze(DbPath, bytes));

        Assert.Contains("not a Berkeley DB hash database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flipping_any_byte_of_the_database_never_crashes_or_hangs()
    {
        var original = File.ReadAllBytes(Fixtures.RpmBerkeleyDb);
        var random = new Random(17);
        var outcomes = new HashSet<string>();
        for (var i = 0; i < 300; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var j = 0; j < 8; j++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            try
            {
                outcomes.Add(analyzer.Analyze(DbPath, bytes).Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (InputException e)
            {
                Assert.Equal(DbPath, e.Source);
                outcomes.Add("error");
            }
        }

        Assert.Contains("1", outcomes);
    }

    private static (int Page, int Item) FirstOffPageItem(byte[] bytes, int pageSize)
    {
        for (var page = 1; page < bytes.Length / pageSize; page++)
        {
            var at = page * pageSize;
            if (bytes[at + 25] != 13)
            {
                continue;
            }

            var entries = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 20));
            for (var i = 1; i < entries; i += 2)
            {
                var item = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 26 + (2 * i)));
                if (bytes[at + item] == 3)
                {
                    return (page, item);
                }
            }
        }

        throw new InvalidOperationException("no off-page item in the fixture");
    }
}
