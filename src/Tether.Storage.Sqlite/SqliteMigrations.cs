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

        // 2: the advisory database (OSV records, vulnerability groups, KEV, EPSS). Lists and free-form
        // objects are JSON text; times are Unix milliseconds.
        """
        CREATE TABLE advisory_imports (
            id INTEGER PRIMARY KEY,
            feed TEXT NOT NULL,
            source TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            finished_at INTEGER,
            records INTEGER NOT NULL DEFAULT 0,
            created INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            withdrawn INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            warnings INTEGER NOT NULL DEFAULT 0,
            feed_version TEXT,
            feed_date INTEGER
        );
        CREATE INDEX ix_advisory_imports_feed ON advisory_imports (feed, id);
        CREATE TABLE advisories (
            id TEXT PRIMARY KEY,
            modified INTEGER NOT NULL,
            published INTEGER,
            withdrawn INTEGER,
            summary TEXT,
            aliases TEXT NOT NULL,
            upstream TEXT NOT NULL,
            related TEXT NOT NULL,
            severity TEXT NOT NULL,
            vendor_severity TEXT,
            vendor_severity_field TEXT,
            record TEXT NOT NULL,
            import_id INTEGER NOT NULL REFERENCES advisory_imports (id)
        );
        CREATE INDEX ix_advisories_import ON advisories (import_id);
        CREATE TABLE advisory_affected (
            advisory_id TEXT NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            ecosystem TEXT NOT NULL,
            ecosystem_name TEXT NOT NULL,
            package_name TEXT NOT NULL,
            package_key TEXT NOT NULL,
            purl TEXT,
            ranges TEXT NOT NULL,
            versions TEXT NOT NULL,
            severity TEXT NOT NULL,
            vendor_severity TEXT,
            vendor_severity_field TEXT,
            ecosystem_specific TEXT,
            database_specific TEXT,
            PRIMARY KEY (advisory_id, ordinal)
        );
        CREATE INDEX ix_advisory_affected_package ON advisory_affected (ecosystem, package_key);
        CREATE TABLE advisory_links (
            advisory_id TEXT NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
            relation TEXT NOT NULL,
            linked_id TEXT NOT NULL,
            merges INTEGER NOT NULL,
            PRIMARY KEY (advisory_id, relation, linked_id)
        );
        CREATE INDEX ix_advisory_links_linked ON advisory_links (linked_id);
        CREATE TABLE vulnerability_ids (
            id TEXT PRIMARY KEY,
            group_id TEXT NOT NULL
        );
        CREATE INDEX ix_vulnerability_ids_group ON vulnerability_ids (group_id);
        CREATE TABLE kev_entries (
            cve_id TEXT PRIMARY KEY,
            date_added TEXT NOT NULL,
            vendor_project TEXT,
            product TEXT,
            vulnerability_name TEXT,
            short_description TEXT,
            required_action TEXT,
            due_date TEXT,
            known_ransomware_campaign_use TEXT,
            notes TEXT,
            cwes TEXT NOT NULL
        );
        CREATE TABLE epss_scores (
            cve_id TEXT PRIMARY KEY,
            epss REAL NOT NULL,
            percentile REAL NOT NULL
        );
        """,

        // 3: tether serve: API tokens (only the secret's SHA-256, hex; a prefix of it to find the row) and the
        // leases that let one replica at a time run each background collector. Times are Unix milliseconds.
        """
        CREATE TABLE api_tokens (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            scopes TEXT NOT NULL,
            lookup_key TEXT NOT NULL,
            secret_hash TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT,
            revoked_at BIGINT
        );
        CREATE INDEX ix_api_tokens_lookup ON api_tokens (lookup_key);
        CREATE TABLE leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            acquired_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL
        );
        """,

        // 4: the graph generation, a counter every stored batch moves forward, stamped on the nodes and edges the
        // batch wrote, so readers (the in-memory topology) know when what they derived is stale and read only what
        // changed since.
        """
        CREATE TABLE graph_generation (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            value BIGINT NOT NULL
        );
        INSERT INTO graph_generation (id, value) VALUES (1, 0);
        ALTER TABLE nodes ADD COLUMN gen BIGINT NOT NULL DEFAULT 0;
        ALTER TABLE edges ADD COLUMN gen BIGINT NOT NULL DEFAULT 0;
        CREATE INDEX ix_nodes_gen ON nodes (gen);
        CREATE INDEX ix_edges_gen ON edges (gen);
        """,
    ];
}
