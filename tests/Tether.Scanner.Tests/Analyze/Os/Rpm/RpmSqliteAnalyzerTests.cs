using Microsoft.Data.Sqlite;
using Tether.Core.Errors;
using Tether.Scanner.Analyze.Os.Rpm;
using Tether.Testing;
using Xunit;

namespace Tether.Scanner.Tests.Analyze.Os.Rpm;

public sealed class RpmSqliteAnalyzerTests
{
    private const string DbPath = "var/lib/rpm/rpmdb.sqlite";
    private readonly RpmSqliteAnalyzer analyzer = new();

    [Fact]
    public async Task Packages_and_files_match_what_rpm_reads_from_the_same_database()
    {
        var reference = await RpmQuery.RunAsync(Fixtures.RpmSqlite, "sqlite");

        var packages = analyzer.Analyze(DbPath, Fixtures.Bytes(Fixtures.RpmSqlite));

        Assert.Equal(129, reference.Packages.Count);
        Assert.Equal(reference.Packages, RpmQuery.Packages(packages));
        Assert.Equal(7269, reference.Files.Count);
        Assert.Equal(reference.Files, RpmQuery.Files(packages));
    }

    [Fact]
    public void Source_rpm_names_are_split_into_name_and_version_release()
    {
        var packages = analyzer.Analyze(DbPath, Fixtures.Bytes(Fixtures.RpmSqlite));

        var openssl = Assert.Single(packages, p => p.Name == "openssl-libs");
        Assert.Equal(
            ("rpm", "1.1.1k-7.cm2", "x86_64", "openssl", "1.1.1k-7.cm2", null, DbPath),
            (openssl.Type, openssl.Version, openssl.Architecture, openssl.SourceName, openssl.SourceVersion, openssl.Epoch, openssl.Path));
        Assert.Contains("usr/lib/libssl.so.1.1", openssl.Files);
        var shared = Assert.Single(packages, p => p.Name == "ca-certificates-shared");
        Assert.Equal((1, "2.0.0-1.cm2", "ca-certificates"), (shared.Epoch, shared.Version, shared.SourceName));
    }

    [Theory]
    [InlineData("var/lib/rpm/rpmdb.sqlite", true)]
    [InlineData("usr/lib/sysimage/rpm/rpmdb.sqlite", true)]
    [InlineData("var/lib/rpm/rpmdb.sqlite-wal", false)]
    [InlineData("var/lib/rpm/Packages", false)]
    public void Wants_the_sqlite_database(string path, bool wanted) => Assert.Equal(wanted, analyzer.Wants(path));

    [Fact]
    public void A_file_that_is_not_sqlite_is_rejected()
    {
        var error = Assert.Throws<InputException>(() => analyzer.Analyze(DbPath, Fixtures.Bytes(Fixtures.RpmBerkeleyDb)));

        Assert.Equal(DbPath, error.Source);
        Assert.Contains("not an SQLite database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_after_the_sqlite_header_is_rejected_as_unreadable()
    {
        var bytes = new byte[8192];
        new Random(5).NextBytes(bytes);
        "SQLite format 3\0"u8.CopyTo(bytes);

        var error = Assert.Throws<InputException>(() => analyzer.Analyze(DbPath, bytes));

        Assert.Equal(DbPath, error.Source);
    }

    [Fact]
    public void A_truncated_database_is_rejected_not_half_read()
    {
        var bytes = File.ReadAllBytes(Fixtures.RpmSqlite);

        var error = Assert.Throws<InputException>(() => analyzer.Analyze(DbPath, bytes.AsMemory(0, bytes.Length / 2)));

        Assert.Equal(DbPath, error.Source);
    }

    [Fact]
    public void A_database_without_a_packages_table_is_not_an_rpm_database()
    {
        var bytes = Database("CREATE TABLE Other (x INTEGER)");

        var error = Assert.Throws<InputException>(() => analyzer.Analyze(DbPath, bytes));

        Assert.Equal("Packages", error.Field);
    }

    [Fact]
    public void A_packages_view_that_would_never_end_is_not_run()
    {
        var bytes = Database(
            "CREATE VIEW Packages AS WITH RECURSIVE n(hnum) AS (SELECT 1 UNION ALL SELECT hnum + 1 FROM n) SELECT hnum, x'00' AS blob FROM n");

        var error = Assert.Throws<InputException>(() => analyzer.Analyze(DbPath, bytes));

        Assert.Equal("Packages", error.Field);
    }

    [Fact]
    public void A_bad_header_blob_is_rejected_naming_its_row()
    {
        var bytes = Database(
            "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)",
            "INSERT INTO Packages (hnum, blob) VALUES (7, x'7fffffff00000000')");

        var error = Assert.Throws<InputException>(() => analyzer.Analyze(DbPath, bytes));

        Assert.Equal((DbPath, "Packages hnum 7"), (error.Source, error.Field));
        Assert.Contains("index entries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blob_column_holding_text_is_rejected()
    {
        var bytes = Database("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob)", "INSERT INTO Packages VALUES (1, 'text')");

        var error = Assert.Throws<InputException>(() => analyzer.Analyze(DbPath, bytes));

        Assert.Equal("Packages hnum 1", error.Field);
    }

    /// <summary>A real SQLite file made by SQLite from <paramref name="statements"/>.</summary>
    private static byte[] Database(params string[] statements)
    {
        using var folder = new TempDirectory();
        var file = folder.File("rpmdb.sqlite");
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            foreach (var statement in statements)
            {
                using var command = connection.CreateCommand();
                command.CommandText = statement;
                command.ExecuteNonQuery();
            }
        }

        return File.ReadAllBytes(file);
    }
}
