using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Tether.Storage.Sqlite;

/// <summary>SQLite specifics: connection pragmas, expanded IN lists, migrations.</summary>
internal sealed class SqliteDialect(string connectionString) : ISqlDialect
{
    // WAL lets readers (trace, the server) proceed while an ingest writes; NORMAL sync is durable
    // across application crashes in WAL mode, and a batch is one transaction either way.
    // The page cache is per connection and a server holds one per concurrent request (16 under load): 16 MiB each keeps
    // that under 256 MiB (64 MiB each took the server past 1.5 GB RSS at 100k pods); the OS caches the file anyway.
    private const string Pragmas =
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; " +
        "PRAGMA busy_timeout = 30000; PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY;";

    public IReadOnlyList<string> Migrations => SqliteMigrations.All;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = Pragmas;
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public string InList(DbCommand command, string column, IReadOnlyCollection<long> values)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(values);
        var names = new List<string>(values.Count);
        var i = 0;
        foreach (var value in values)
        {
            var name = $"@in{i++}";
            command.Add(name, value);
            names.Add(name);
        }

        return $"{column} IN ({string.Join(", ", names)})";
    }

    // Keys compare as UTF-8 bytes; U+10FFFF encodes as the largest valid sequence.
    public string PrefixUpperBound(string prefix) => prefix + char.ConvertFromUtf32(0x10FFFF);

    // SQLite has one writer at a time (BEGIN IMMEDIATE), so neither migrations nor merges race.
    public string? SchemaLock => null;

    public string LockForUpdate => "";

    public bool IsTransient(Exception exception) => false;

    // A deferred BEGIN takes no lock until the first read, which then pins one WAL snapshot: writers carry on.
    public Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));
    }

    public string JsonText(DbCommand command, string column, string property, string parameter)
    {
        command.Add(parameter, "$." + property);
        return $"json_extract({column}, {parameter})";
    }

    // Statements are in-process calls here, so one prepared statement per row is as fast as a set-based form.
    public IBatchWriter BatchWriter => new RowBatchWriter(this);
}
