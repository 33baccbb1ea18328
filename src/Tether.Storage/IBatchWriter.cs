using System.Data.Common;
using Tether.Core.Graph;

namespace Tether.Storage;

/// <summary>
/// Stores one <see cref="GraphBatch"/> inside the caller's transaction (the caller commits), with the semantics
/// <see cref="IGraphStore.IngestAsync"/> documents. Each <see cref="ISqlDialect"/> supplies the writer that suits
/// its database: per row where statements are in-process calls (SQLite), set-based where each is a round trip.
/// </summary>
public interface IBatchWriter
{
    /// <summary>Writes the batch, stamping every node and edge row it writes with <paramref name="generation"/>.</summary>
    Task<IngestSummary> WriteAsync(DbConnection connection, DbTransaction transaction, GraphBatch batch, long generation, CancellationToken cancellationToken);
}
