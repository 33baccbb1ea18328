using System.Data.Common;
using System.Globalization;
using Tether.Core.Advisories;
using Tether.Core.Graph;

namespace Tether.Storage.Advisories;

/// <summary>
/// One import: a connection holding one transaction for every batch, with prepared statements reused for
/// every row. Nothing is visible to readers until <see cref="CommitAsync"/>; disposing without it rolls back.
/// </summary>
internal sealed class AdvisoryImportSession : IAdvisoryImportSession
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _startedAt;
    private readonly DbCommand _selectExisting;
    private readonly DbCommand _selectMergedLinks;
    private readonly DbCommand _deleteAffected;
    private readonly DbCommand _deleteLinks;
    private readonly DbCommand _upsertAdvisory;
    private readonly DbCommand _insertAffected;
    private readonly DbCommand _insertLink;
    private readonly VulnerabilityGrouper _grouper;
    private AdvisoryWriteSummary _total = new(0, 0, 0, 0);
    private bool _done;

    private AdvisoryImportSession(DbConnection connection, DbTransaction transaction, TimeProvider time, DateTimeOffset startedAt, long importId)
    {
        _connection = connection;
        _transaction = transaction;
        _time = time;
        _startedAt = startedAt;
        ImportId = importId;
        _selectExisting = Prepare("SELECT modified, withdrawn FROM advisories WHERE id = @id", "@id");
        _selectMergedLinks = Prepare("SELECT linked_id FROM advisory_links WHERE advisory_id = @id AND merges = 1", "@id");
        _deleteAffected = Prepare("DELETE FROM advisory_affected WHERE advisory_id = @id", "@id");
        _deleteLinks = Prepare("DELETE FROM advisory_links WHERE advisory_id = @id", "@id");
        _upsertAdvisory = Prepare(
            "INSERT INTO advisories (id, modified, published, withdrawn, summary, aliases, upstream, related, severity, " +
            "vendor_severity, vendor_severity_field, record, import_id) " +
            "VALUES (@id, @modified, @published, @withdrawn, @summary, @aliases, @upstream, @related, @severity, " +
            "@vendor, @vendorField, @record, @import) " +
            "ON CONFLICT (id) DO UPDATE SET modified = excluded.modified, published = excluded.published, " +
            "withdrawn = excluded.withdrawn, summary = excluded.summary, aliases = excluded.aliases, upstream = excluded.upstream, " +
            "related = excluded.related, severity = excluded.severity, vendor_severity = excluded.vendor_severity, " +
            "vendor_severity_field = excluded.vendor_severity_field, record = excluded.record, import_id = excluded.import_id",
            "@id", "@modified", "@published", "@withdrawn", "@summary", "@aliases", "@upstream", "@related", "@severity",
            "@vendor", "@vendorField", "@record", "@import");
        _insertAffected = Prepare(
            "INSERT INTO advisory_affected (advisory_id, ordinal, ecosystem, ecosystem_name, package_name, package_key, purl, " +
            "ranges, versions, severity, vendor_severity, vendor_severity_field, ecosystem_specific, database_specific) " +
            "VALUES (@id, @ordinal, @ecosystem, @ecosystemName, @name, @key, @purl, @ranges, @versions, @severity, " +
            "@vendor, @vendorField, @ecosystemSpecific, @databaseSpecific)",
            "@id", "@ordinal", "@ecosystem", "@ecosystemName", "@name", "@key", "@purl", "@ranges", "@versions", "@severity",
            "@vendor", "@vendorField", "@ecosystemSpecific", "@databaseSpecific");
        _insertLink = Prepare(
            "INSERT INTO advisory_links (advisory_id, relation, linked_id, merges) VALUES (@id, @relation, @linked, @merges) " +
            "ON CONFLICT (advisory_id, relation, linked_id) DO NOTHING",
            "@id", "@relation", "@linked", "@merges");
        _grouper = new VulnerabilityGrouper(connection, transaction);
    }

    public long ImportId { get; }

    public static async Task<AdvisoryImportSession> BeginAsync(ISqlDialect dialect, TimeProvider time, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        DbTransaction? transaction = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var startedAt = time.GetUtcNow();
            await using var insert = connection.Command(
                "INSERT INTO advisory_imports (feed, source, started_at) VALUES (@feed, @source, @t) RETURNING id", transaction);
            insert.Add("@feed", AdvisoryFeeds.Osv);
            insert.Add("@source", source);
            insert.Add("@t", startedAt.ToUnixMs());
            var id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            return new AdvisoryImportSession(connection, transaction, time, startedAt, id);
        }
        catch (DbException e)
        {
            await DisposeAsync(connection, transaction).ConfigureAwait(false);
            throw new StoreException($"cannot start the import (is another import writing to the store?): {e.Message}", e);
        }
        catch
        {
            await DisposeAsync(connection, transaction).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task DisposeAsync(DbConnection connection, DbTransaction? transaction)
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> GetStoredModifiedAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ThrowIfDone();
        var result = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(SqlLists.ChunkSize))
        {
            await using var command = _connection.Command("", _transaction);
            command.CommandText = $"SELECT id, modified FROM advisories WHERE {SqlLists.In(command, "id", chunk)}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result[reader.GetString(0)] = DbCommandExtensions.FromUnixMs(reader.GetInt64(1));
            }
        }

        return result;
    }

    public async Task<AdvisoryWriteSummary> WriteAsync(IReadOnlyList<Advisory> advisories, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(advisories);
        ThrowIfDone();
        int created = 0, updated = 0, withdrawn = 0, unchanged = 0;
        foreach (var advisory in advisories)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (await WriteOneAsync(advisory, cancellationToken).ConfigureAwait(false))
            {
                case Outcome.Created:
                    created++;
                    break;
                case Outcome.Updated:
                    updated++;
                    break;
                case Outcome.Withdrawn:
                    withdrawn++;
                    break;
                default:
                    unchanged++;
                    break;
            }
        }

        var summary = new AdvisoryWriteSummary(created, updated, withdrawn, unchanged);
        _total = _total.Add(summary);
        return summary;
    }

    public async Task<AdvisoryImportRecord> CommitAsync(int warnings, CancellationToken cancellationToken = default)
    {
        ThrowIfDone();
        // Rows become visible at commit, so an import's time is its commit time: a reader asking for changes
        // since it last looked cannot miss rows that an import was still writing then.
        var finishedAt = _time.GetUtcNow();
        var record = new AdvisoryImportRecord(ImportId, AdvisoryFeeds.Osv, "", _startedAt, finishedAt)
        {
            Records = _total.Written + _total.Unchanged,
            Created = _total.Created,
            Updated = _total.Updated,
            Withdrawn = _total.Withdrawn,
            Unchanged = _total.Unchanged,
            Warnings = warnings,
        };
        await using (var finish = _connection.Command(
            "UPDATE advisory_imports SET finished_at = @t, records = @records, created = @created, updated = @updated, " +
            "withdrawn = @withdrawn, unchanged = @unchanged, warnings = @warnings WHERE id = @id RETURNING source",
            _transaction))
        {
            finish.Add("@t", finishedAt.ToUnixMs());
            finish.Add("@records", record.Records);
            finish.Add("@created", record.Created);
            finish.Add("@updated", record.Updated);
            finish.Add("@withdrawn", record.Withdrawn);
            finish.Add("@unchanged", record.Unchanged);
            finish.Add("@warnings", record.Warnings);
            finish.Add("@id", ImportId);
            record = record with { Source = (string)(await finish.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! };
        }

        await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _done = true;
        return record;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in new[] { _selectExisting, _selectMergedLinks, _deleteAffected, _deleteLinks, _upsertAdvisory, _insertAffected, _insertLink })
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        await _grouper.DisposeAsync().ConfigureAwait(false);
        // Disposing an uncommitted transaction rolls it back.
        await _transaction.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _done = true;
    }

    private async Task<Outcome> WriteOneAsync(Advisory advisory, CancellationToken cancellationToken)
    {
        var id = advisory.Id;
        var modified = advisory.Modified.ToUnixMs();
        var existing = await ExistingAsync(id, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> oldMerged = [];
        if (existing is { } stored)
        {
            // A database that withdraws a record without bumping modified still withdraws it; an older record
            // never overrides a newer one (exports and folders can hold several versions of one id).
            var newer = modified > stored.Modified || (modified == stored.Modified && stored.Withdrawn != advisory.IsWithdrawn);
            if (!newer)
            {
                return Outcome.Unchanged;
            }

            if (!stored.Withdrawn)
            {
                oldMerged = await MergedLinksAsync(id, cancellationToken).ConfigureAwait(false);
            }

            await ExecuteForIdAsync(_deleteAffected, id, cancellationToken).ConfigureAwait(false);
            await ExecuteForIdAsync(_deleteLinks, id, cancellationToken).ConfigureAwait(false);
        }

        await UpsertAdvisoryAsync(advisory, modified, cancellationToken).ConfigureAwait(false);
        var wasLive = existing is { Withdrawn: false };
        if (advisory.IsWithdrawn)
        {
            if (wasLive)
            {
                await _grouper.RegroupAsync([id, .. oldMerged], cancellationToken).ConfigureAwait(false);
            }

            return Outcome.Withdrawn;
        }

        foreach (var affected in advisory.Affected)
        {
            if (affected is { Ecosystem: not null, Name: not null })
            {
                await InsertAffectedAsync(id, affected, cancellationToken).ConfigureAwait(false);
            }
        }

        var mergeSet = VulnerabilityIds.MergeSet(advisory);
        await InsertLinksAsync(id, "alias", advisory.Aliases, mergeSet, cancellationToken).ConfigureAwait(false);
        await InsertLinksAsync(id, "upstream", advisory.Upstream, mergeSet, cancellationToken).ConfigureAwait(false);
        if (wasLive && oldMerged.Any(linked => !mergeSet.Contains(linked, StringComparer.Ordinal)))
        {
            // The record no longer says some ids are the same vulnerability: their group may split.
            await _grouper.RegroupAsync([id, .. oldMerged], cancellationToken).ConfigureAwait(false);
        }

        await _grouper.UnionAsync(mergeSet, cancellationToken).ConfigureAwait(false);
        return existing is null ? Outcome.Created : Outcome.Updated;
    }

    private async Task<(long Modified, bool Withdrawn)?> ExistingAsync(string id, CancellationToken cancellationToken)
    {
        _selectExisting.Parameters["@id"].Value = id;
        await using var reader = await _selectExisting.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? (reader.GetInt64(0), !reader.IsDBNull(1))
            : null;
    }

    private async Task<IReadOnlyList<string>> MergedLinksAsync(string id, CancellationToken cancellationToken)
    {
        _selectMergedLinks.Parameters["@id"].Value = id;
        var linked = new List<string>();
        await using var reader = await _selectMergedLinks.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            linked.Add(reader.GetString(0));
        }

        return linked;
    }

    private static async Task ExecuteForIdAsync(DbCommand command, string id, CancellationToken cancellationToken)
    {
        command.Parameters["@id"].Value = id;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task UpsertAdvisoryAsync(Advisory advisory, long modified, CancellationToken cancellationToken)
    {
        var p = _upsertAdvisory.Parameters;
        p["@id"].Value = advisory.Id;
        p["@modified"].Value = modified;
        p["@published"].Value = advisory.Published is { } published ? published.ToUnixMs() : DBNull.Value;
        p["@withdrawn"].Value = advisory.Withdrawn is { } withdrawn ? withdrawn.ToUnixMs() : DBNull.Value;
        p["@summary"].Value = (object?)advisory.Summary ?? DBNull.Value;
        p["@aliases"].Value = AdvisoryJson.Strings(advisory.Aliases);
        p["@upstream"].Value = AdvisoryJson.Strings(advisory.Upstream);
        p["@related"].Value = AdvisoryJson.Strings(advisory.Related);
        p["@severity"].Value = AdvisoryJson.Severities(advisory.Severity);
        p["@vendor"].Value = (object?)advisory.VendorSeverity?.Value ?? DBNull.Value;
        p["@vendorField"].Value = (object?)advisory.VendorSeverity?.Field ?? DBNull.Value;
        p["@record"].Value = advisory.Record;
        p["@import"].Value = ImportId;
        await _upsertAdvisory.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task InsertAffectedAsync(string id, AffectedPackage affected, CancellationToken cancellationToken)
    {
        var p = _insertAffected.Parameters;
        p["@id"].Value = id;
        p["@ordinal"].Value = affected.Index;
        p["@ecosystem"].Value = affected.Ecosystem!;
        p["@ecosystemName"].Value = PackageNames.EcosystemName(affected.Ecosystem!);
        p["@name"].Value = affected.Name!;
        p["@key"].Value = PackageNames.Key(affected.Ecosystem!, affected.Name!);
        p["@purl"].Value = (object?)affected.Purl ?? DBNull.Value;
        p["@ranges"].Value = AdvisoryJson.Ranges(affected.Ranges);
        p["@versions"].Value = AdvisoryJson.Strings(affected.Versions);
        p["@severity"].Value = AdvisoryJson.Severities(affected.Severity);
        p["@vendor"].Value = (object?)affected.VendorSeverity?.Value ?? DBNull.Value;
        p["@vendorField"].Value = (object?)affected.VendorSeverity?.Field ?? DBNull.Value;
        p["@ecosystemSpecific"].Value = (object?)affected.EcosystemSpecific ?? DBNull.Value;
        p["@databaseSpecific"].Value = (object?)affected.DatabaseSpecific ?? DBNull.Value;
        await _insertAffected.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task InsertLinksAsync(string id, string relation, IReadOnlyList<string> linked, IReadOnlyList<string> mergeSet, CancellationToken cancellationToken)
    {
        foreach (var other in linked)
        {
            if (other == id)
            {
                continue;
            }

            _insertLink.Parameters["@id"].Value = id;
            _insertLink.Parameters["@relation"].Value = relation;
            _insertLink.Parameters["@linked"].Value = other;
            _insertLink.Parameters["@merges"].Value = mergeSet.Contains(other, StringComparer.Ordinal) ? 1 : 0;
            await _insertLink.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void ThrowIfDone() => ObjectDisposedException.ThrowIf(_done, this);

    private DbCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.Command(sql, _transaction);
        foreach (var name in parameters)
        {
            command.Add(name, null);
        }

        return command;
    }

    private enum Outcome
    {
        Unchanged,
        Created,
        Updated,
        Withdrawn,
    }
}
