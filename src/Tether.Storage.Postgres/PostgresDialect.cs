using System.Data.Common;
using Npgsql;
using Tether.Core.Graph;

namespace Tether.Storage.Postgres;

/// <summary>PostgreSQL specifics: pooled connections from one data source, array parameters, row locks, retries.</summary>
internal sealed class PostgresDialect(NpgsqlDataSource dataSource, string displayName) : ISqlDialect, IAsyncDisposable
{
    // Key of the advisory lock that serializes migrations across processes (any constant; "tether" in ASCII).
    private const long MigrationLockKey = 0x746574686572;

    public IReadOnlyList<string> Migrations => PostgresMigrations.All;

    // Held until the migration step commits: replicas starting together migrate one after another.
    public string? SchemaLock => $"SELECT pg_advisory_xact_lock({MigrationLockKey})";

    // Several replicas may merge into the same node at once: the second waits for the first to commit, then
    // merges into its result instead of overwriting it.
    public string LockForUpdate => " FOR UPDATE";

    /// <summary>How the database is named in messages: the connection string without its password.</summary>
    public string DisplayName => displayName;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw new StoreException($"{displayName}: cannot connect to PostgreSQL: {e.Message}", e);
        }
    }

    // One array parameter whatever the count: no statement text per list size, no parameter limit.
    public string InList(DbCommand command, string column, IReadOnlyCollection<long> values)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(values);
        command.Add("@in", values.ToArray());
        return $"{column} = ANY(@in)";
    }

    // Key columns are COLLATE "C" in a UTF-8 database, so they compare as UTF-8 bytes like SQLite's:
    // U+10FFFF encodes as the largest valid sequence.
    public string PrefixUpperBound(string prefix) => prefix + char.ConvertFromUtf32(0x10FFFF);

    // 40001 serialization_failure, 40P01 deadlock_detected: PostgreSQL rolled the transaction back.
    public bool IsTransient(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected };

    // REPEATABLE READ: every statement of the transaction sees the snapshot taken by its first one.
    public async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using var readOnly = connection.Command("SET TRANSACTION READ ONLY", transaction);
        await readOnly.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return transaction;
    }

    public string JsonText(DbCommand command, string column, string property, string parameter)
    {
        // json, not jsonb: one property out of every node of a kind, and json's text parse is cheaper than building jsonb.
        command.Add(parameter, property);
        return $"({column}::json ->> {parameter})";
    }

    // Each statement is a network round trip here: a batch is written with a few set-based statements instead of one per row.
    public IBatchWriter BatchWriter => new PostgresBatchWriter(this);

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
