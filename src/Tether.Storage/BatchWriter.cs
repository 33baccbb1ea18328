using System.Data.Common;
using Tether.Core.Graph;

namespace Tether.Storage;

/// <summary>
/// Writes one batch inside the caller's transaction, reusing one prepared command per statement
/// so that bulk ingestion costs one round trip per row and no SQL parsing.
/// </summary>
internal sealed class BatchWriter : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly long _observedAt;
    private readonly long _generation;
    private readonly Dictionary<NodeRef, long> _ids = [];
    private readonly DbCommand _insertNode;
    private readonly DbCommand _selectNode;
    private readonly DbCommand _lockNode;
    private readonly DbCommand _updateNode;
    private readonly DbCommand _insertAlias;
    private readonly DbCommand _upsertEdge;
    private int _nodesCreated;
    private int _nodesUpdated;
    private int _edgesStored;
    private int _nodesEnded;

    // lockForUpdate: the dialect's row-lock clause for the read-merge-write of a node's properties.
    // generation: stamped on every row written, so a reader can fetch only what changed since it last read.
    public BatchWriter(DbConnection connection, DbTransaction transaction, long observedAt, long generation, string lockForUpdate)
    {
        _connection = connection;
        _transaction = transaction;
        _observedAt = observedAt;
        _generation = generation;

        _insertNode = Prepare(
            "INSERT INTO nodes (kind, key, props, first_seen, last_seen, gen) VALUES (@kind, @key, @props, @t, @t, @gen) " +
            "ON CONFLICT (kind, key) DO NOTHING RETURNING id",
            "@kind", "@key", "@props", "@t", "@gen");
        _selectNode = Prepare("SELECT id, props FROM nodes WHERE kind = @kind AND key = @key", "@kind", "@key");
        _lockNode = Prepare("SELECT id, props FROM nodes WHERE kind = @kind AND key = @key" + lockForUpdate, "@kind", "@key");
        _updateNode = Prepare(
            "UPDATE nodes SET props = @props, ended_at = NULL, gen = @gen, " +
            "first_seen = CASE WHEN first_seen > @t THEN @t ELSE first_seen END, " +
            "last_seen = CASE WHEN last_seen < @t THEN @t ELSE last_seen END WHERE id = @id",
            "@props", "@t", "@id", "@gen");
        _insertAlias = Prepare(
            "INSERT INTO node_aliases (alias, node_id) VALUES (@alias, @id) ON CONFLICT (alias, node_id) DO NOTHING",
            "@alias", "@id");
        _upsertEdge = Prepare(
            "INSERT INTO edges (from_id, type, to_id, method, collector, confidence, document, first_seen, last_seen, gen) " +
            "VALUES (@from, @type, @to, @method, @collector, @confidence, @document, @t, @t, @gen) " +
            "ON CONFLICT (from_id, type, to_id, method) DO UPDATE SET " +
            "collector = excluded.collector, confidence = excluded.confidence, document = excluded.document, gen = excluded.gen, " +
            "first_seen = CASE WHEN edges.first_seen > excluded.first_seen THEN excluded.first_seen ELSE edges.first_seen END, " +
            "last_seen = CASE WHEN edges.last_seen < excluded.last_seen THEN excluded.last_seen ELSE edges.last_seen END",
            "@from", "@type", "@to", "@method", "@collector", "@confidence", "@document", "@t", "@gen");
    }

    public async Task UpsertNodeAsync(NodeFacts node, CancellationToken cancellationToken)
    {
        var props = FactsCodec.Encode(node);
        _insertNode.Parameters["@kind"].Value = node.Kind;
        _insertNode.Parameters["@key"].Value = node.Key;
        _insertNode.Parameters["@props"].Value = props;
        _insertNode.Parameters["@t"].Value = _observedAt;
        _insertNode.Parameters["@gen"].Value = _generation;
        var inserted = await _insertNode.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);

        long id;
        if (inserted is not null and not DBNull)
        {
            id = Convert.ToInt64(inserted, System.Globalization.CultureInfo.InvariantCulture);
            _nodesCreated++;
        }
        else
        {
            // Locked until commit: a concurrent writer merging into the same node waits and then reads our result.
            var (existingId, existingProps) = await SelectAsync(_lockNode, node.Ref, cancellationToken).ConfigureAwait(false)
                ?? throw Vanished(node.Ref);
            id = existingId;
            _updateNode.Parameters["@props"].Value = MergedProps(node, existingProps, props);
            _updateNode.Parameters["@t"].Value = _observedAt;
            _updateNode.Parameters["@id"].Value = id;
            _updateNode.Parameters["@gen"].Value = _generation;
            await _updateNode.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _nodesUpdated++;
        }

        _ids[node.Ref] = id;
        foreach (var alias in node.Aliases)
        {
            _insertAlias.Parameters["@alias"].Value = alias;
            _insertAlias.Parameters["@id"].Value = id;
            await _insertAlias.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task UpsertEdgeAsync(GraphEdge edge, string collector, CancellationToken cancellationToken)
    {
        var from = await ResolveAsync(edge.From, edge, cancellationToken).ConfigureAwait(false);
        var to = await ResolveAsync(edge.To, edge, cancellationToken).ConfigureAwait(false);
        _upsertEdge.Parameters["@from"].Value = from;
        _upsertEdge.Parameters["@type"].Value = edge.Type;
        _upsertEdge.Parameters["@to"].Value = to;
        _upsertEdge.Parameters["@method"].Value = edge.Evidence.Method;
        _upsertEdge.Parameters["@collector"].Value = string.IsNullOrEmpty(edge.Evidence.Collector) ? collector : edge.Evidence.Collector;
        _upsertEdge.Parameters["@confidence"].Value = edge.Evidence.Confidence;
        _upsertEdge.Parameters["@document"].Value = (object?)edge.Evidence.Document ?? DBNull.Value;
        _upsertEdge.Parameters["@t"].Value = edge.Evidence.ObservedAt.ToUnixMs();
        _upsertEdge.Parameters["@gen"].Value = _generation;
        await _upsertEdge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        _edgesStored++;
    }

    public async Task EndAsync(NodeRef node, CancellationToken cancellationToken)
    {
        await using var command = _connection.Command(
            "UPDATE nodes SET ended_at = @t, gen = @gen WHERE kind = @kind AND key = @key AND ended_at IS NULL", _transaction);
        command.Add("@t", _observedAt);
        command.Add("@gen", _generation);
        command.Add("@kind", node.Kind);
        command.Add("@key", node.Key);
        _nodesEnded += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task EndMissingAsync(SnapshotScope scope, string upperBound, CancellationToken cancellationToken)
    {
        await using var command = _connection.Command(
            "UPDATE nodes SET ended_at = @t, gen = @gen WHERE kind = @kind AND key >= @low AND key < @high " +
            "AND last_seen < @t AND ended_at IS NULL",
            _transaction);
        command.Add("@t", _observedAt);
        command.Add("@gen", _generation);
        command.Add("@kind", scope.Kind);
        command.Add("@low", scope.KeyPrefix);
        command.Add("@high", upperBound);
        _nodesEnded += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The error of a batch whose edge names a node neither in the batch nor stored (every writer raises the same).</summary>
    public static StoreException MissingEndpoint(GraphEdge edge, NodeRef node) =>
        new($"Edge {edge.From} -{edge.Type}-> {edge.To} refers to {node}, which is neither in the batch nor in the store.");

    /// <summary>The error when a node that conflicted on insert cannot be read back (deleted concurrently).</summary>
    public static StoreException Vanished(NodeRef node) => new($"Node {node} vanished while being stored.");

    /// <summary>The properties to store for <paramref name="node"/> over the stored ones: replaced or shallowly merged.</summary>
    public static string MergedProps(NodeFacts node, string stored, string update) =>
        node.ReplacesStored ? update : FactsCodec.Merge(stored, update);

    public IngestSummary Summary() => new(_nodesCreated, _nodesUpdated, _edgesStored, _nodesEnded);

    public async ValueTask DisposeAsync()
    {
        foreach (var command in new[] { _insertNode, _selectNode, _lockNode, _updateNode, _insertAlias, _upsertEdge })
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<long> ResolveAsync(NodeRef node, GraphEdge edge, CancellationToken cancellationToken)
    {
        if (_ids.TryGetValue(node, out var id))
        {
            return id;
        }

        var stored = await SelectAsync(_selectNode, node, cancellationToken).ConfigureAwait(false)
            ?? throw MissingEndpoint(edge, node);
        _ids[node] = stored.Id;
        return stored.Id;
    }

    private static async Task<(long Id, string Props)?> SelectAsync(DbCommand select, NodeRef node, CancellationToken cancellationToken)
    {
        select.Parameters["@kind"].Value = node.Kind;
        select.Parameters["@key"].Value = node.Key;
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? (reader.GetInt64(0), reader.GetString(1))
            : null;
    }

    private DbCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.Command(sql, _transaction);
        foreach (var name in parameters)
        {
            command.Add(name, null);
        }

        return command;
    }
}
