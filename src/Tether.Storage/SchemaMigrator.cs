using Tether.Core.Graph;

using System.Data.Common;

namespace Tether.Storage;

/// <summary>Applies the dialect's migrations in order, each in its own transaction, and records the version.</summary>
internal static class SchemaMigrator
{
    public static async Task MigrateAsync(DbConnection connection, ISqlDialect dialect, TimeProvider time, CancellationToken cancellationToken)
    {
        var migrations = dialect.Migrations;
        await using (var createTransaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await LockAsync(connection, dialect, createTransaction, cancellationToken).ConfigureAwait(false);
            await using (var create = connection.Command(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)", createTransaction))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await createTransaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        // Each step reads the version inside its own write transaction, so two processes opening a fresh
        // store at once apply every migration exactly once (the second waits, then finds it done).
        while (true)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await LockAsync(connection, dialect, transaction, cancellationToken).ConfigureAwait(false);
            long current;
            await using (var read = connection.Command("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", transaction))
            {
                current = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            }

            if (current > migrations.Count)
            {
                throw new StoreException(
                    $"The store's schema is version {current}, newer than this Tether understands ({migrations.Count}). Upgrade Tether.");
            }

            if (current == migrations.Count)
            {
                return;
            }

            var version = (int)current + 1;
            await using (var migrate = connection.Command(migrations[version - 1], transaction))
            {
                await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var record = connection.Command("INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @t)", transaction))
            {
                record.Add("@v", version);
                record.Add("@t", time.GetUtcNow().ToUnixMs());
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task LockAsync(DbConnection connection, ISqlDialect dialect, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (dialect.SchemaLock is { } sql)
        {
            await using var command = connection.Command(sql, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
