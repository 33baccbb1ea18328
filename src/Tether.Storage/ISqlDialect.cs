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
}
