using System.Data.Common;
using Tether.Core.Graph;

namespace Tether.Storage;

/// <summary>
/// <see cref="IGraphStore"/> over portable SQL. Backends supply an <see cref="ISqlDialect"/>; the schema is
/// two tables (nodes with JSON properties and an observation window, edges with their evidence) and an
/// alias table, so new kinds of facts need no migration.
/// </summary>
public class RelationalGraphStore(ISqlDialect dialect, TimeProvider time) : IGraphStore
{
    private const int ChunkSize = 500;
    private const string NodeColumns = "id, kind, key, props, first_seen, last_seen, ended_at";
    private const string EdgeColumns = "id, from_id, type, to_id, collector, method, confidence, document, first_seen, last_seen";

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await SchemaMigrator.MigrateAsync(connection, dialect, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How many times a batch is retried when it lost a race with a concurrent writer (deadlock).</summary>
    private const int MaxAttempts = 5;

    public async Task<IngestSummary> IngestAsync(GraphBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await IngestOnceAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < MaxAttempts && dialect.IsTransient(e))
            {
                // The database rolled the whole transaction back (another writer locked the same rows in the
                // other order); nothing of the batch is stored, so running it again from the start is safe.
            }
        }
    }

    private async Task<IngestSummary> IngestOnceAsync(GraphBatch batch, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The batch's generation, taken first: the counter row stays locked until commit, so batches commit in
        // generation order and a reader that has seen generation g misses nothing by reading rows stamped after g.
        long generation;
        await using (var bump = connection.Command("UPDATE graph_generation SET value = value + 1 WHERE id = 1 RETURNING value", transaction))
        {
            generation = Convert.ToInt64(await bump.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        var summary = await dialect.BatchWriter.WriteAsync(connection, transaction, batch, generation, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return summary;
    }

    public async Task<StoredNode?> FindNodeAsync(NodeRef node, CancellationToken cancellationToken = default)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {NodeColumns} FROM nodes WHERE kind = @kind AND key = @key");
        command.Add("@kind", node.Kind);
        command.Add("@key", node.Key);
        var nodes = await ReadNodesAsync(command, cancellationToken).ConfigureAwait(false);
        return nodes.Count == 0 ? null : nodes[0];
    }

    public async Task<IReadOnlyList<StoredNode>> GetNodesAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var result = new List<StoredNode>(ids.Count);
        if (ids.Count == 0)
        {
            return result;
        }

        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in ids.Distinct().Chunk(ChunkSize))
        {
            await using var command = connection.Command("");
            command.CommandText = $"SELECT {NodeColumns} FROM nodes WHERE {dialect.InList(command, "id", chunk)}";
            result.AddRange(await ReadNodesAsync(command, cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    public async Task<IReadOnlyList<StoredNode>> FindNodesByKeyPrefixAsync(string kind, string keyPrefix, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyPrefix);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            $"SELECT {NodeColumns} FROM nodes WHERE kind = @kind AND key >= @low AND key < @high ORDER BY key LIMIT @limit");
        command.Add("@kind", kind);
        command.Add("@low", keyPrefix);
        command.Add("@high", dialect.PrefixUpperBound(keyPrefix));
        command.Add("@limit", limit);
        return await ReadNodesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredNode>> ListNodesAsync(string kind, string? afterKey, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            $"SELECT {NodeColumns} FROM nodes WHERE kind = @kind AND key > @after ORDER BY key LIMIT @limit");
        command.Add("@kind", kind);
        command.Add("@after", afterKey ?? "");
        command.Add("@limit", limit);
        return await ReadNodesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredNode>> FindNodesByAliasAsync(string kind, string alias, CancellationToken cancellationToken = default)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            $"SELECT {NodeColumns} FROM nodes WHERE kind = @kind AND id IN (SELECT node_id FROM node_aliases WHERE alias = @alias) ORDER BY key");
        command.Add("@kind", kind);
        command.Add("@alias", alias);
        return await ReadNodesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<StoredNode>> FindNodesByAliasesAsync(string kind, IReadOnlyCollection<string> aliases, CancellationToken cancellationToken = default) =>
        FindNodesInAsync(kind, "id IN (SELECT node_id FROM node_aliases WHERE {0})", "alias", aliases, cancellationToken);

    public Task<IReadOnlyList<StoredNode>> FindNodesByKeysAsync(string kind, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        FindNodesInAsync(kind, "{0}", "key", keys, cancellationToken);

    public async Task<IReadOnlyList<StoredEdge>> GetEdgesAsync(
        IReadOnlyCollection<long> nodeIds,
        EdgeDirection direction,
        IReadOnlyCollection<string>? types = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodeIds);
        var result = new List<StoredEdge>();
        if (nodeIds.Count == 0)
        {
            return result;
        }

        var column = direction == EdgeDirection.Outgoing ? "from_id" : "to_id";
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in nodeIds.Distinct().Chunk(ChunkSize))
        {
            await using var command = connection.Command("");
            var where = dialect.InList(command, column, chunk);
            if (types is { Count: > 0 })
            {
                var names = types.Select((type, i) =>
                {
                    command.Add($"@type{i}", type);
                    return $"@type{i}";
                });
                where += $" AND type IN ({string.Join(", ", names)})";
            }

            command.CommandText = $"SELECT {EdgeColumns} FROM edges WHERE {where}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(new StoredEdge(
                    reader.GetInt64(0),
                    reader.GetInt64(1),
                    reader.GetString(2),
                    reader.GetInt64(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetDouble(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    DbCommandExtensions.FromUnixMs(reader.GetInt64(8)),
                    DbCommandExtensions.FromUnixMs(reader.GetInt64(9))));
            }
        }

        return result;
    }

    public async Task<long> GetGenerationAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadGenerationAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<GraphTopology> ReadTopologyAsync(TopologyRequest request, GraphTopology? previous = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await dialect.BeginSnapshotAsync(connection, cancellationToken).ConfigureAwait(false);
        var generation = await ReadGenerationAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (previous is not null && previous.Generation >= generation)
        {
            return previous;
        }

        // Rows are stamped with the generation of the batch that last wrote them (see IngestOnceAsync). A full read
        // goes in id order; a delta is found through the gen index, unordered (the builder keeps edges in id order).
        var changed = previous is null ? " ORDER BY id" : " WHERE gen > @since";
        var builder = previous is null ? new GraphTopologyBuilder() : GraphTopologyBuilder.From(previous);
        await using (var nodes = connection.Command("", transaction))
        {
            // One requested property per kind, read in SQL so no node's JSON crosses the connection.
            var tag = "NULL";
            if (request.TagProperties.Count > 0)
            {
                var cases = request.TagProperties.Select((p, i) =>
                {
                    nodes.Add($"@tk{i}", p.Key);
                    return $"WHEN @tk{i} THEN {dialect.JsonText(nodes, "props", p.Value, $"@tp{i}")}";
                });
                tag = $"CASE kind {string.Join(" ", cases)} END";
            }

            nodes.CommandText = $"SELECT id, kind, key, last_seen, ended_at IS NOT NULL, {tag} FROM nodes{changed}";
            if (previous is not null)
            {
                nodes.Add("@since", previous.Generation);
            }

            await using var reader = await nodes.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                builder.AddNode(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetBoolean(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5));
            }
        }

        await using (var edges = connection.Command($"SELECT id, from_id, type, to_id, last_seen FROM edges{changed}", transaction))
        {
            if (previous is not null)
            {
                edges.Add("@since", previous.Generation);
            }

            await using var reader = await edges.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                builder.AddEdge(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return builder.Build(generation);
    }

    public async Task<IReadOnlySet<string>> ChangedKindsAsync(long since, CancellationToken cancellationToken = default)
    {
        // Single-table reads on the gen indexes and by id, without DISTINCT/UNION: given a DISTINCT over kind, SQLite
        // prefers walking the whole (kind, key) index to using the gen range (seen: 1 s instead of 1 ms at 700k nodes).
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        await using (var nodes = connection.Command("SELECT kind FROM nodes WHERE gen > @since"))
        {
            nodes.Add("@since", since);
            await using var reader = await nodes.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                kinds.Add(reader.GetString(0));
            }
        }

        var ends = new HashSet<long>();
        await using (var edges = connection.Command("SELECT from_id, to_id FROM edges WHERE gen > @since"))
        {
            edges.Add("@since", since);
            await using var reader = await edges.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ends.Add(reader.GetInt64(0));
                ends.Add(reader.GetInt64(1));
            }
        }

        foreach (var chunk in ends.Chunk(ChunkSize))
        {
            await using var command = connection.Command("");
            command.CommandText = $"SELECT kind FROM nodes WHERE {dialect.InList(command, "id", chunk)}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                kinds.Add(reader.GetString(0));
            }
        }

        return kinds;
    }

    private static async Task<long> ReadGenerationAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT value FROM graph_generation WHERE id = 1", transaction);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<GraphCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var byKind = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using (var command = connection.Command("SELECT kind, COUNT(*) FROM nodes GROUP BY kind"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                byKind[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        await using var edges = connection.Command("SELECT COUNT(*) FROM edges");
        var edgeCount = Convert.ToInt64(await edges.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        return new GraphCounts(byKind, edgeCount);
    }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Nodes of <paramref name="kind"/> satisfying <paramref name="condition"/> with <c>{0}</c> an IN list over <paramref name="values"/>, chunked.</summary>
    private async Task<IReadOnlyList<StoredNode>> FindNodesInAsync(
        string kind, string condition, string column, IReadOnlyCollection<string> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new Dictionary<long, StoredNode>();
        if (values.Count == 0)
        {
            return [];
        }

        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in values.Distinct(StringComparer.Ordinal).Chunk(ChunkSize))
        {
            await using var command = connection.Command("");
            command.Add("@kind", kind);
            var list = SqlLists.In(command, column, chunk);
            command.CommandText = $"SELECT {NodeColumns} FROM nodes WHERE kind = @kind AND " +
                string.Format(System.Globalization.CultureInfo.InvariantCulture, condition, list);
            foreach (var node in await ReadNodesAsync(command, cancellationToken).ConfigureAwait(false))
            {
                result.TryAdd(node.Id, node);
            }
        }

        return [.. result.Values];
    }

    private static async Task<List<StoredNode>> ReadNodesAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var nodes = new List<StoredNode>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            nodes.Add(new StoredNode(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                DbCommandExtensions.FromUnixMs(reader.GetInt64(4)),
                DbCommandExtensions.FromUnixMs(reader.GetInt64(5)),
                reader.IsDBNull(6) ? null : DbCommandExtensions.FromUnixMs(reader.GetInt64(6))));
        }

        return nodes;
    }
}
