using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Tether.Core.Errors;

namespace Tether.Scanner.Analyze.Os.Rpm;

/// <summary>
/// rpm ≥ 4.16's SQLite database, <c>rpmdb.sqlite</c> (Fedora ≥ 33, RHEL 9, CBL-Mariner, Amazon Linux 2023): the
/// table <c>Packages(hnum, blob)</c> holds one header blob per installed package. The file is opened from memory
/// (<c>sqlite3_deserialize</c>, read-only): nothing is written to disk. A WAL file beside it (<c>rpmdb.sqlite-wal</c>)
/// is not read; rpm checkpoints it when a transaction ends, so an image built by rpm holds its packages in the main
/// file.
/// <para>
/// Hostile files: SQLite reports corruption as errors (rejected with the path); <c>Packages</c> must be a table (a
/// view could run any query); SQLite's own limits cap a value's length; a progress handler aborts a statement that
/// runs more than <see cref="MaxSteps"/> virtual-machine steps, so no file makes the analyzer hang.
/// </para>
/// </summary>
public sealed class RpmSqliteAnalyzer : IFileAnalyzer
{
    /// <summary>Most packages read from one database (a full distro is a few thousand).</summary>
    public const int MaxPackages = 100_000;

    /// <summary>Virtual-machine steps allowed per statement; reading 5,000 packages takes well under a million.</summary>
    public const long MaxSteps = 100_000_000;

    /// <summary>Largest header blob read (rpm's own header limit is 256 MiB; real headers are under a few MiB).</summary>
    public const int MaxBlobBytes = 64 << 20;

    private const int ProgressInterval = 10_000;

    public string Name => "rpm-sqlite";

    public long MaxBytes => 512L << 20;

    public bool Wants(string path) => RpmDatabasePaths.Is(path, "rpmdb.sqlite");

    public IReadOnlyList<ScannedPackage> Analyze(string path, ReadOnlyMemory<byte> content)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (content.Length > MaxBytes)
        {
            throw new InputException(path, null, $"is {content.Length} bytes, over the {MaxBytes}-byte limit.");
        }

        if (content.Length < 100 || !content.Span.StartsWith("SQLite format 3\0"u8))
        {
            throw new InputException(path, null, "is not an SQLite database (no 'SQLite format 3' header).");
        }

        // Bytes 18 and 19 are the write and read format versions; 2 means WAL, which an in-memory database cannot
        // open. The file's pages are the same in both modes, so the copy says "rollback journal" (1) instead.
        var image = content.ToArray();
        image[18] = 1;
        image[19] = 1;
        var pin = GCHandle.Alloc(image, GCHandleType.Pinned);
        try
        {
            // No pooling: a pooled connection would outlive the pinned bytes it reads from.
            using var connection = new SqliteConnection("Data Source=:memory:;Pooling=False");
            connection.Open();
            var db = connection.Handle!;
            Check(path, db, raw.sqlite3_deserialize(db, "main", pin.AddrOfPinnedObject(), image.Length, image.Length, raw.SQLITE_DESERIALIZE_READONLY), "cannot open it");
            raw.sqlite3_limit(db, raw.SQLITE_LIMIT_LENGTH, MaxBlobBytes);
            var steps = 0L;
            raw.sqlite3_progress_handler(db, ProgressInterval, _ => (steps += ProgressInterval) > MaxSteps ? 1 : 0, null);
            try
            {
                return Read(path, connection);
            }
            catch (SqliteException e)
            {
                var reason = steps > MaxSteps ? $"reading it took more than {MaxSteps} SQLite steps" : e.Message;
                throw new InputException(path, null, $"cannot read the rpm database: {reason}", e);
            }
        }
        finally
        {
            pin.Free();
        }
    }

    private static List<ScannedPackage> Read(string path, SqliteConnection connection)
    {
        using (var schema = connection.CreateCommand())
        {
            schema.CommandText = "SELECT type FROM sqlite_schema WHERE name = 'Packages' COLLATE NOCASE";
            if (schema.ExecuteScalar() as string != "table")
            {
                throw new InputException(path, "Packages", "the database has no Packages table: not an rpm database.");
            }
        }

        var packages = new List<ScannedPackage>();
        var budget = new FileListBudget(path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT hnum, blob FROM Packages ORDER BY hnum";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var record = $"Packages hnum {(reader.IsDBNull(0) ? "null" : reader.GetValue(0))}";
            if (packages.Count == MaxPackages)
            {
                throw new InputException(path, record, $"more than {MaxPackages} packages.");
            }

            if (reader.IsDBNull(1) || reader.GetValue(1) is not byte[] blob)
            {
                throw new InputException(path, record, "blob is not a BLOB.");
            }

            if (RpmPackageReader.Read(blob, path, record, budget) is { } package)
            {
                packages.Add(package);
            }
        }

        return packages;
    }

    private static void Check(string path, sqlite3 db, int code, string what)
    {
        if (code != raw.SQLITE_OK)
        {
            throw new InputException(path, null, $"{what}: {raw.sqlite3_errstr(code).utf8_to_string()} ({raw.sqlite3_errmsg(db).utf8_to_string()}).");
        }
    }
}
