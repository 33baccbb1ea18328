using System.Data.Common;
using System.Globalization;
using Tether.Core.Advisories;

namespace Tether.Storage.Advisories;

/// <summary>
/// KEV and EPSS: snapshot feeds keyed by CVE id. An import replaces the table whole in one transaction,
/// so a CVE removed from the catalog disappears and readers never see half of two snapshots.
/// </summary>
internal sealed class FeedTables(ISqlDialect dialect, TimeProvider time)
{
    private const string DateFormat = "yyyy-MM-dd";

    public async Task<AdvisoryImportRecord> ReplaceKevAsync(KevCatalog catalog, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return await ReplaceAsync(AdvisoryFeeds.Kev, source, catalog.CatalogVersion, catalog.DateReleased, catalog.Vulnerabilities.Count, "kev_entries",
            async (connection, transaction) =>
            {
                await using var insert = Prepare(connection, transaction,
                    "INSERT INTO kev_entries (cve_id, date_added, vendor_project, product, vulnerability_name, short_description, " +
                    "required_action, due_date, known_ransomware_campaign_use, notes, cwes) VALUES (@cve, @added, @vendor, @product, " +
                    "@name, @description, @action, @due, @ransomware, @notes, @cwes) ON CONFLICT (cve_id) DO NOTHING",
                    "@cve", "@added", "@vendor", "@product", "@name", "@description", "@action", "@due", "@ransomware", "@notes", "@cwes");
                var p = insert.Parameters;
                foreach (var entry in catalog.Vulnerabilities)
                {
                    p["@cve"].Value = entry.CveId;
                    p["@added"].Value = entry.DateAdded.ToString(DateFormat, CultureInfo.InvariantCulture);
                    p["@vendor"].Value = (object?)entry.VendorProject ?? DBNull.Value;
                    p["@product"].Value = (object?)entry.Product ?? DBNull.Value;
                    p["@name"].Value = (object?)entry.VulnerabilityName ?? DBNull.Value;
                    p["@description"].Value = (object?)entry.ShortDescription ?? DBNull.Value;
                    p["@action"].Value = (object?)entry.RequiredAction ?? DBNull.Value;
                    p["@due"].Value = entry.DueDate is { } due ? due.ToString(DateFormat, CultureInfo.InvariantCulture) : DBNull.Value;
                    p["@ransomware"].Value = (object?)entry.KnownRansomwareCampaignUse ?? DBNull.Value;
                    p["@notes"].Value = (object?)entry.Notes ?? DBNull.Value;
                    p["@cwes"].Value = AdvisoryJson.Strings(entry.Cwes);
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<AdvisoryImportRecord> ReplaceEpssAsync(EpssSnapshot snapshot, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return await ReplaceAsync(AdvisoryFeeds.Epss, source, snapshot.ModelVersion, snapshot.ScoreDate, snapshot.Scores.Count, "epss_scores",
            async (connection, transaction) =>
            {
                await using var insert = Prepare(connection, transaction,
                    "INSERT INTO epss_scores (cve_id, epss, percentile) VALUES (@cve, @epss, @percentile) ON CONFLICT (cve_id) DO NOTHING",
                    "@cve", "@epss", "@percentile");
                foreach (var score in snapshot.Scores)
                {
                    insert.Parameters["@cve"].Value = score.CveId;
                    insert.Parameters["@epss"].Value = score.Epss;
                    insert.Parameters["@percentile"].Value = score.Percentile;
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, KevEntry>> GetKevAsync(IReadOnlyCollection<string> cveIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cveIds);
        var result = new Dictionary<string, KevEntry>(StringComparer.Ordinal);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in cveIds.Distinct(StringComparer.Ordinal).Chunk(SqlLists.ChunkSize))
        {
            await using var command = connection.Command("");
            command.CommandText =
                "SELECT cve_id, date_added, vendor_project, product, vulnerability_name, short_description, required_action, " +
                $"due_date, known_ransomware_campaign_use, notes, cwes FROM kev_entries WHERE {SqlLists.In(command, "cve_id", chunk)}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var entry = new KevEntry(reader.GetString(0), DateOnly.ParseExact(reader.GetString(1), DateFormat, CultureInfo.InvariantCulture))
                {
                    VendorProject = AdvisoryRows.OptionalString(reader, 2),
                    Product = AdvisoryRows.OptionalString(reader, 3),
                    VulnerabilityName = AdvisoryRows.OptionalString(reader, 4),
                    ShortDescription = AdvisoryRows.OptionalString(reader, 5),
                    RequiredAction = AdvisoryRows.OptionalString(reader, 6),
                    DueDate = AdvisoryRows.OptionalString(reader, 7) is { } due ? DateOnly.ParseExact(due, DateFormat, CultureInfo.InvariantCulture) : null,
                    KnownRansomwareCampaignUse = AdvisoryRows.OptionalString(reader, 8),
                    Notes = AdvisoryRows.OptionalString(reader, 9),
                    Cwes = AdvisoryJson.ReadStrings(reader.GetString(10)),
                };
                result[entry.CveId] = entry;
            }
        }

        return result;
    }

    public async Task<IReadOnlyDictionary<string, EpssScore>> GetEpssAsync(IReadOnlyCollection<string> cveIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cveIds);
        var result = new Dictionary<string, EpssScore>(StringComparer.Ordinal);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in cveIds.Distinct(StringComparer.Ordinal).Chunk(SqlLists.ChunkSize))
        {
            await using var command = connection.Command("");
            command.CommandText = $"SELECT cve_id, epss, percentile FROM epss_scores WHERE {SqlLists.In(command, "cve_id", chunk)}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result[reader.GetString(0)] = new EpssScore(reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2));
            }
        }

        return result;
    }

    private async Task<AdvisoryImportRecord> ReplaceAsync(
        string feed,
        string source,
        string? version,
        DateTimeOffset? date,
        int count,
        string table,
        Func<DbConnection, DbTransaction, Task> insertAll,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var startedAt = time.GetUtcNow();
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var clear = connection.Command($"DELETE FROM {table}", transaction))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await insertAll(connection, transaction).ConfigureAwait(false);
        var finishedAt = time.GetUtcNow();
        await using var record = connection.Command(
            "INSERT INTO advisory_imports (feed, source, started_at, finished_at, records, created, feed_version, feed_date) " +
            "VALUES (@feed, @source, @started, @finished, @records, @records, @version, @date) RETURNING id",
            transaction);
        record.Add("@feed", feed);
        record.Add("@source", source);
        record.Add("@started", startedAt.ToUnixMs());
        record.Add("@finished", finishedAt.ToUnixMs());
        record.Add("@records", count);
        record.Add("@version", version);
        record.Add("@date", date?.ToUnixMs());
        var id = Convert.ToInt64(await record.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new AdvisoryImportRecord(id, feed, source, startedAt, finishedAt)
        {
            Records = count,
            Created = count,
            FeedVersion = version,
            FeedDate = date,
        };
    }

    private static DbCommand Prepare(DbConnection connection, DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.Command(sql, transaction);
        foreach (var name in parameters)
        {
            command.Add(name, null);
        }

        return command;
    }
}
