using System.Data.Common;

namespace Tether.Storage;

/// <summary>
/// What differs between SQL backends. Everything else in <see cref="RelationalGraphStore"/> is portable SQL
/// (INSERT … ON CONFLICT … RETURNING works on SQLite 3.35+ and PostgreSQL 9.5+).
/// </summary>
public interface ISqlDialect
{
    /// <summary>Opens a connection ready for use (pragmas / session settings applied).</summary>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Ordered schema migrations; index + 1 is the schema version.</summary>
    IReadOnlyList<string> Migrations { get; }

    /// <summary>
    /// A SQL boolean expression true when <paramref name="column"/> is one of <paramref name="values"/>,
    /// adding the parameters it needs to <paramref name="command"/>.
    /// </summary>
    string InList(DbCommand command, string column, IReadOnlyCollection<long> values);

    /// <summary>Upper bound (exclusive) of the keys that start with a prefix, for an index range scan.</summary>
    string PrefixUpperBound(string prefix);

    /// <summary>
    /// A statement run first in every migration transaction so that concurrent openers migrate one at a time,
    /// or null when the database already serializes writers (SQLite's write lock).
    /// </summary>
    string? SchemaLock { get; }

    /// <summary>
    /// Appended to the SELECT that reads a node before merging its properties, so a concurrent writer cannot
    /// merge into the same row in between (PostgreSQL: <c> FOR UPDATE</c>); empty where writers are serialized.
    /// </summary>
    string LockForUpdate { get; }

    /// <summary>
    /// Begins a read-only transaction that sees one committed state for all its statements (a whole-graph read
    /// must not mix two ingests) and does not block writers.
    /// </summary>
    Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// A SQL expression reading the top-level JSON property <paramref name="property"/> of the text column
    /// <paramref name="column"/> as text, adding the parameter it needs under <paramref name="parameter"/>.
    /// </summary>
    string JsonText(DbCommand command, string column, string property, string parameter);

    /// <summary>Stores a batch inside the ingest transaction: per row (<c>RowBatchWriter</c>) or set-based, whichever is faster on this database.</summary>
    IBatchWriter BatchWriter { get; }

    /// <summary>True when a transaction failed only because of a concurrent writer (deadlock, serialization) and may be retried.</summary>
    bool IsTransient(Exception exception);
}
