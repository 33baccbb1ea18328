using System.Data.Common;
using Npgsql;
using Tether.Core.Graph;

namespace Tether.Storage.Postgres;

/// <summary>
/// Stores a batch with a fixed number of round trips whatever its size: every statement takes whole columns as array
/// parameters (<c>unnest(@ids::bigint[], @kinds::text[], …)</c>), and statements that do not depend on each other's
/// results are pipelined in one <see cref="NpgsqlBatch"/>. The per-row writer paid one network round trip per node,
/// alias and edge. Semantics are those of <c>RowBatchWriter</c>:
/// <list type="number">
/// <item>insert the batch's new nodes (<c>ON CONFLICT DO NOTHING RETURNING</c>) and look up the edge endpoints stored
/// earlier — one round trip;</item>
/// <item>lock and read the nodes that already existed, in key order — one round trip, only when there are any;</item>
/// <item>merge their properties here (<see cref="FactsCodec.Merge"/>: stored JSON must come back byte for byte, which
/// jsonb would not give), then update them, add aliases, upsert edges, end nodes and end the snapshots' missing
/// members — one pipelined round trip.</item>
/// </list>
/// Rows are inserted and locked in key order, so concurrent writers of overlapping batches queue on the first shared
/// row instead of deadlocking (a deadlock that still happens is retried by <see cref="RelationalGraphStore"/>).
/// </summary>
internal sealed class PostgresBatchWriter(PostgresDialect dialect) : IBatchWriter
{
    private const string InsertNodes =
        "INSERT INTO nodes (kind, key, props, first_seen, last_seen, gen) " +
        "SELECT u.kind, u.key, u.props, $4, $4, $5 FROM unnest($1::text[], $2::text[], $3::text[]) AS u (kind, key, props) " +
        "ORDER BY u.kind COLLATE \"C\", u.key COLLATE \"C\" " +
        "ON CONFLICT (kind, key) DO NOTHING RETURNING id, kind, key";

    private const string SelectNodes =
        "SELECT n.id, n.kind, n.key FROM nodes AS n " +
        "JOIN unnest($1::text[], $2::text[]) AS u (kind, key) ON n.kind = u.kind AND n.key = u.key";

    // NO KEY UPDATE (what the UPDATE itself takes) serializes merges into one node, yet lets other writers insert
    // edges to it meanwhile (their foreign-key checks take KEY SHARE, which only FOR UPDATE would block).
    private const string LockNodes =
        "SELECT n.id, n.kind, n.key, n.props FROM nodes AS n " +
        "JOIN unnest($1::text[], $2::text[]) AS u (kind, key) ON n.kind = u.kind AND n.key = u.key " +
        "ORDER BY n.kind, n.key FOR NO KEY UPDATE OF n";

    private const string UpdateNodes =
        "UPDATE nodes AS n SET props = u.props, ended_at = NULL, gen = $4, " +
        "first_seen = LEAST(n.first_seen, $3), last_seen = GREATEST(n.last_seen, $3) " +
        "FROM unnest($1::bigint[], $2::text[]) AS u (id, props) WHERE n.id = u.id";

    private const string InsertAliases =
        "INSERT INTO node_aliases (alias, node_id) " +
        "SELECT u.alias, u.node_id FROM unnest($1::text[], $2::bigint[]) AS u (alias, node_id) " +
        "ORDER BY u.alias COLLATE \"C\", u.node_id " +
        "ON CONFLICT (alias, node_id) DO NOTHING";

    private const string UpsertEdges =
        "INSERT INTO edges (from_id, type, to_id, method, collector, confidence, document, first_seen, last_seen, gen) " +
        "SELECT u.from_id, u.type, u.to_id, u.method, u.collector, u.confidence, u.document, u.first_seen, u.last_seen, $10 " +
        "FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::bigint[], $9::bigint[]) " +
        "AS u (from_id, type, to_id, method, collector, confidence, document, first_seen, last_seen) " +
        "ORDER BY u.from_id, u.type COLLATE \"C\", u.to_id, u.method COLLATE \"C\" " +
        "ON CONFLICT (from_id, type, to_id, method) DO UPDATE SET " +
        "collector = excluded.collector, confidence = excluded.confidence, document = excluded.document, gen = excluded.gen, " +
        "first_seen = LEAST(edges.first_seen, excluded.first_seen), last_seen = GREATEST(edges.last_seen, excluded.last_seen)";

    // The subquery locks in key order; its condition is re-checked after a wait, so a node a concurrent writer
    // ended meanwhile is neither ended again nor counted.
    private const string EndNodes =
        "UPDATE nodes SET ended_at = $3, gen = $4 WHERE id IN (" +
        "SELECT n.id FROM nodes AS n JOIN unnest($1::text[], $2::text[]) AS u (kind, key) ON n.kind = u.kind AND n.key = u.key " +
        "WHERE n.ended_at IS NULL ORDER BY n.kind, n.key FOR NO KEY UPDATE OF n)";

    private const string EndMissing =
        "UPDATE nodes SET ended_at = $1, gen = $5 WHERE kind = $2 AND key >= $3 AND key < $4 AND last_seen < $1 AND ended_at IS NULL";

    public async Task<IngestSummary> WriteAsync(DbConnection connection, DbTransaction transaction, GraphBatch batch, long generation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var npgsql = (NpgsqlConnection)connection;
        var npgsqlTransaction = (NpgsqlTransaction)transaction;
        var observedAt = batch.ObservedAt.ToUnixMs();
        var nodes = NodeRows.From(batch.Nodes);
        var ids = new Dictionary<NodeRef, long>(nodes.Count + batch.Edges.Count);

        var created = await InsertAndResolveAsync(npgsql, npgsqlTransaction, batch, nodes, observedAt, generation, ids, cancellationToken).ConfigureAwait(false);
        var existing = nodes.Count - created;
        var updates = existing == 0
            ? null
            : await LockAndMergeAsync(npgsql, npgsqlTransaction, nodes, ids, cancellationToken).ConfigureAwait(false);

        await using var write = new NpgsqlBatch(npgsql, npgsqlTransaction);
        if (updates is not null)
        {
            write.BatchCommands.Add(Command(UpdateNodes, updates.Value.Ids, updates.Value.Props, observedAt, generation));
        }

        var aliases = nodes.Aliases(ids);
        if (aliases.Aliases.Length > 0)
        {
            write.BatchCommands.Add(Command(InsertAliases, aliases.Aliases, aliases.NodeIds));
        }

        if (batch.Edges.Count > 0)
        {
            var edges = EdgeRows.Fold(batch.Edges, batch.Collector, ids);
            write.BatchCommands.Add(Command(
                UpsertEdges, edges.From, edges.Types, edges.To, edges.Methods, edges.Collectors, edges.Confidences, edges.Documents, edges.FirstSeen, edges.LastSeen, generation));
        }

        var counted = new List<NpgsqlBatchCommand>();
        var ended = batch.Ended.Distinct().ToList();
        if (ended.Count > 0)
        {
            counted.Add(Command(EndNodes, ended.Select(n => n.Kind).ToArray(), ended.Select(n => n.Key).ToArray(), observedAt, generation));
        }

        foreach (var scope in batch.Snapshots)
        {
            counted.Add(Command(EndMissing, observedAt, scope.Kind, scope.KeyPrefix, dialect.PrefixUpperBound(scope.KeyPrefix), generation));
        }

        foreach (var command in counted)
        {
            write.BatchCommands.Add(command);
        }

        if (write.BatchCommands.Count > 0)
        {
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return new IngestSummary(created, existing, batch.Edges.Count, counted.Sum(c => c.RecordsAffected));
    }

    /// <summary>
    /// Inserts the nodes not stored yet and finds the stored edge endpoints outside the batch (one round trip);
    /// returns how many nodes were created. Fails as the per-row writer does on an edge to an unknown node.
    /// </summary>
    private static async Task<int> InsertAndResolveAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, GraphBatch batch, NodeRows nodes, long observedAt, long generation,
        Dictionary<NodeRef, long> ids, CancellationToken cancellationToken)
    {
        var outside = batch.Edges.SelectMany(e => new[] { e.From, e.To }).Where(n => !nodes.Contains(n)).Distinct().ToList();
        await using var round = new NpgsqlBatch(connection, transaction);
        if (nodes.Count > 0)
        {
            round.BatchCommands.Add(Command(InsertNodes, nodes.Kinds, nodes.Keys, nodes.Props, observedAt, generation));
        }

        if (outside.Count > 0)
        {
            round.BatchCommands.Add(Command(SelectNodes, outside.Select(n => n.Kind).ToArray(), outside.Select(n => n.Key).ToArray()));
        }

        var created = 0;
        if (round.BatchCommands.Count > 0)
        {
            await using var reader = await round.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var result = 0;
            do
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    ids[new NodeRef(reader.GetString(1), reader.GetString(2))] = reader.GetInt64(0);
                    if (result == 0 && nodes.Count > 0)
                    {
                        // The first result is the INSERT's RETURNING: the nodes created.
                        created++;
                    }
                }

                result++;
            }
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
        }

        foreach (var edge in batch.Edges)
        {
            foreach (var end in (ReadOnlySpan<NodeRef>)[edge.From, edge.To])
            {
                if (!nodes.Contains(end) && !ids.ContainsKey(end))
                {
                    throw BatchWriter.MissingEndpoint(edge, end);
                }
            }
        }

        return created;
    }

    /// <summary>
    /// Locks the batch's nodes that were already stored (in key order) and returns their new properties: the batch's
    /// facts merged over the stored ones, or replacing them for facts that replace.
    /// </summary>
    private static async Task<(long[] Ids, string[] Props)?> LockAndMergeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, NodeRows nodes, Dictionary<NodeRef, long> ids, CancellationToken cancellationToken)
    {
        var stored = Enumerable.Range(0, nodes.Count).Where(i => !ids.ContainsKey(nodes.Facts[i].Ref)).ToList();
        await using var command = new NpgsqlCommand(LockNodes, connection, transaction)
        {
            Parameters =
            {
                new NpgsqlParameter<string[]> { TypedValue = stored.Select(i => nodes.Kinds[i]).ToArray() },
                new NpgsqlParameter<string[]> { TypedValue = stored.Select(i => nodes.Keys[i]).ToArray() },
            },
        };
        var read = new Dictionary<NodeRef, (long Id, string Props)>(stored.Count);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                read[new NodeRef(reader.GetString(1), reader.GetString(2))] = (reader.GetInt64(0), reader.GetString(3));
            }
        }

        var updateIds = new long[stored.Count];
        var updateProps = new string[stored.Count];
        for (var j = 0; j < stored.Count; j++)
        {
            var facts = nodes.Facts[stored[j]];
            var (id, props) = read.TryGetValue(facts.Ref, out var row) ? row : throw BatchWriter.Vanished(facts.Ref);
            ids[facts.Ref] = id;
            updateIds[j] = id;
            updateProps[j] = BatchWriter.MergedProps(facts, props, nodes.Props[stored[j]]);
        }

        return (updateIds, updateProps);
    }

    /// <summary>A statement with positional parameters ($1, $2, …), each typed by its CLR value (arrays become PostgreSQL arrays).</summary>
    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
