namespace Tether.Storage.Sqlite;

/// <summary>Schema versions of the SQLite store. Append only: a shipped migration is never edited.</summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<string> All =
    [
        // 1: the graph. Times are Unix milliseconds (portable with PostgreSQL BIGINT).
        """
        CREATE TABLE nodes (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            props TEXT NOT NULL,
            first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL,
            ended_at INTEGER,
            UNIQUE (kind, key)
        );
        CREATE TABLE node_aliases (
            alias TEXT NOT NULL,
            node_id INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
            PRIMARY KEY (alias, node_id)
        );
        CREATE INDEX ix_node_aliases_node ON node_aliases (node_id);
        CREATE TABLE edges (
            id INTEGER PRIMARY KEY,
            from_id INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            to_id INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
            method TEXT NOT NULL,
            collector TEXT NOT NULL,
            confidence REAL NOT NULL,
            document TEXT,
            first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL,
            UNIQUE (from_id, type, to_id, method)
        );
        CREATE INDEX ix_edges_to ON edges (to_id, type);
        """,
    ];
}
