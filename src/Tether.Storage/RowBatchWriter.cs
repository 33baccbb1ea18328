using System.Data.Common;
using Tether.Core.Graph;

namespace Tether.Storage;

/// <summary>
/// The portable writer: one prepared statement per node, alias and edge (<see cref="BatchWriter"/>). Cheap where the
/// database is in-process (SQLite); the reference semantics every other writer must reproduce.
/// </summary>
internal sealed class RowBatchWriter(ISqlDialect dialect) : IBatchWriter
{
    public async Task<IngestSummary> WriteAsync(DbConnection connection, DbTransaction transaction, GraphBatch batch, long generation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var writer = new BatchWriter(connection, transaction, batch.ObservedAt.ToUnixMs(), generation, dialect.LockForUpdate);
        await using (writer.ConfigureAwait(false))
        {
            foreach (var node in batch.Nodes)
            {
                await writer.UpsertNodeAsync(node, cancellationToken).ConfigureAwait(false);
            }

            foreach (var edge in batch.Edges)
            {
                await writer.UpsertEdgeAsync(edge, batch.Collector, cancellationToken).ConfigureAwait(false);
            }

            foreach (var node in batch.Ended)
            {
                await writer.EndAsync(node, cancellationToken).ConfigureAwait(false);
            }

            foreach (var scope in batch.Snapshots)
            {
                await writer.EndMissingAsync(scope, dialect.PrefixUpperBound(scope.KeyPrefix), cancellationToken).ConfigureAwait(false);
            }

            return writer.Summary();
        }
    }
}
