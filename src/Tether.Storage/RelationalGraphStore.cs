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
        var summary = await dialect.BatchWriter.WriteAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
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
