using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Tether.Core.Advisories;

namespace Tether.Storage.Advisories;

/// <summary>
/// <see cref="IAdvisoryStore"/> over portable SQL, in the same database as the graph (the dialect's migrations
/// create both). Tables: <c>advisories</c> (one row per OSV record, with its JSON), <c>advisory_affected</c>
/// (one row per affected package, indexed on (ecosystem, name key) for matching), <c>advisory_links</c>
/// (aliases and upstream ids, indexed both ways), <c>vulnerability_ids</c> (id → group name),
/// <c>advisory_imports</c>, <c>kev_entries</c>, <c>epss_scores</c>.
/// </summary>
public class RelationalAdvisoryStore(ISqlDialect dialect, TimeProvider time) : IAdvisoryStore
{
    private readonly FeedTables _feeds = new(dialect, time);

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await SchemaMigrator.MigrateAsync(connection, dialect, time, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IAdvisoryImportSession> BeginImportAsync(string source, CancellationToken cancellationToken = default) =>
        await AdvisoryImportSession.BeginAsync(dialect, time, source, cancellationToken).ConfigureAwait(false);

    public async Task<AdvisoryImportRecord> UpsertAsync(IReadOnlyList<Advisory> advisories, string source, CancellationToken cancellationToken = default)
    {
        var session = await BeginImportAsync(source, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.WriteAsync(advisories, cancellationToken).ConfigureAwait(false);
            return await session.CommitAsync(0, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<StoredAdvisory?> GetAdvisoryAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {AdvisoryRows.AdvisoryColumns} FROM {AdvisoryRows.AdvisoryFrom} WHERE a.id = @id");
        command.Add("@id", id);
        var found = await ReadAdvisoriesAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<StoredAdvisory>> GetAdvisoriesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var result = new List<StoredAdvisory>(ids.Count);
        if (ids.Count == 0)
        {
            return result;
        }

        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(SqlLists.ChunkSize))
        {
            await using var command = connection.Command("");
            command.CommandText = $"SELECT {AdvisoryRows.AdvisoryColumns} FROM {AdvisoryRows.AdvisoryFrom} WHERE {SqlLists.In(command, "a.id", chunk)}";
            result.AddRange(await ReadAdvisoriesAsync(command, cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    public async Task<IReadOnlyList<StoredAdvisory>> FindAdvisoriesAsync(string idOrAlias, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idOrAlias);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var (_, ids) = await GroupAsync(connection, idOrAlias, cancellationToken).ConfigureAwait(false);
        var advisoryIds = await AdvisoryIdsAsync(connection, ids, cancellationToken).ConfigureAwait(false);
        advisoryIds.Add(idOrAlias); // a withdrawn record asked for by its own id
        var result = new List<StoredAdvisory>();
        foreach (var chunk in advisoryIds.Chunk(SqlLists.ChunkSize))
        {
            await using var command = connection.Command("");
            command.CommandText = $"SELECT {AdvisoryRows.AdvisoryColumns} FROM {AdvisoryRows.AdvisoryFrom} WHERE {SqlLists.In(command, "a.id", chunk)}";
            result.AddRange(await ReadAdvisoriesAsync(command, cancellationToken).ConfigureAwait(false));
        }

        return [.. result
            .Where(advisory => advisory.Withdrawn is null || advisory.Id == idOrAlias)
            .OrderBy(advisory => advisory.Id, StringComparer.Ordinal)];
    }

    public async Task<VulnerabilityGroup?> GetVulnerabilityAsync(string idOrAlias, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idOrAlias);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var (name, ids) = await GroupAsync(connection, idOrAlias, cancellationToken).ConfigureAwait(false);
        if (name is null)
        {
            // Not grouped: perhaps only a bundle record mentions it.
            var mentioned = await AdvisoryIdsAsync(connection, ids, cancellationToken).ConfigureAwait(false);
            return mentioned.Count == 0 ? null : new VulnerabilityGroup(idOrAlias, [idOrAlias], [.. mentioned.Order(StringComparer.Ordinal)]);
        }

        var advisories = await AdvisoryIdsAsync(connection, ids, cancellationToken).ConfigureAwait(false);
        var ordered = ids.ToList();
        ordered.Sort(VulnerabilityIds.CompareForName);
        return new VulnerabilityGroup(name, ordered, [.. advisories.Order(StringComparer.Ordinal)]);
    }

    public Task<IReadOnlyList<AffectedEntry>> GetAffectedAsync(string ecosystem, string packageName, CancellationToken cancellationToken = default) =>
        GetAffectedAsync(ecosystem, [packageName], cancellationToken);

    public async Task<IReadOnlyList<AffectedEntry>> GetAffectedAsync(string ecosystem, IReadOnlyCollection<string> packageNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ecosystem);
        ArgumentNullException.ThrowIfNull(packageNames);
        var result = new List<AffectedEntry>();
        if (packageNames.Count == 0)
        {
            return result;
        }

        var keys = packageNames.Select(name => PackageNames.Key(ecosystem, name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in keys.Chunk(SqlLists.ChunkSize))
        {
            await using var command = connection.Command("");
            command.Add("@ecosystem", ecosystem);
            command.CommandText =
                $"SELECT {AdvisoryRows.AffectedColumns} FROM {AdvisoryRows.AffectedFrom} " +
                $"WHERE f.ecosystem = @ecosystem AND {SqlLists.In(command, "f.package_key", chunk)} " +
                "ORDER BY f.package_key, f.advisory_id, f.ordinal";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(AdvisoryRows.ReadAffected(reader));
            }
        }

        return result;
    }

    public async Task<IReadOnlyList<string>> ListEcosystemsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        // One index seek per ecosystem (a loose index scan), not a DISTINCT over every affected entry: matching asks
        // this for each page of packages and each new advisory, and a full scan of 900k entries costs ~200 ms.
        await using var command = connection.Command(
            "WITH RECURSIVE e (ecosystem) AS (" +
            "SELECT MIN(ecosystem) FROM advisory_affected " +
            "UNION ALL SELECT (SELECT MIN(f.ecosystem) FROM advisory_affected f WHERE f.ecosystem > e.ecosystem) FROM e WHERE e.ecosystem IS NOT NULL) " +
            "SELECT ecosystem FROM e WHERE ecosystem IS NOT NULL ORDER BY ecosystem");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    public IAsyncEnumerable<AdvisoryChange> ListChangesSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        ListChangesAsync("i.finished_at >= @value", since.ToUnixMs(), cancellationToken);

    public IAsyncEnumerable<AdvisoryChange> ListChangesInImportAsync(long importId, CancellationToken cancellationToken = default) =>
        ListChangesAsync("a.import_id = @value", importId, cancellationToken);

    public Task<AdvisoryImportRecord> ReplaceKevAsync(KevCatalog catalog, string source, CancellationToken cancellationToken = default) =>
        _feeds.ReplaceKevAsync(catalog, source, cancellationToken);

    public Task<AdvisoryImportRecord> ReplaceEpssAsync(EpssSnapshot snapshot, string source, CancellationToken cancellationToken = default) =>
        _feeds.ReplaceEpssAsync(snapshot, source, cancellationToken);

    public Task<IReadOnlyDictionary<string, KevEntry>> GetKevAsync(IReadOnlyCollection<string> cveIds, CancellationToken cancellationToken = default) =>
        _feeds.GetKevAsync(cveIds, cancellationToken);

    public Task<IReadOnlyDictionary<string, EpssScore>> GetEpssAsync(IReadOnlyCollection<string> cveIds, CancellationToken cancellationToken = default) =>
        _feeds.GetEpssAsync(cveIds, cancellationToken);

    public async Task<AdvisoryStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        long live = 0, withdrawn = 0;
        DateTimeOffset? newest = null;
        await using (var totals = connection.Command(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN withdrawn IS NULL THEN 0 ELSE 1 END), 0), MAX(modified) FROM advisories"))
        await using (var reader = await totals.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                withdrawn = reader.GetInt64(1);
                live = reader.GetInt64(0) - withdrawn;
                newest = AdvisoryRows.OptionalTime(reader, 2);
            }
        }

        var ecosystems = new List<EcosystemStatus>();
        await using (var perEcosystem = connection.Command(
            "SELECT f.ecosystem_name, COUNT(DISTINCT f.advisory_id), COUNT(*), MAX(a.modified) " +
            "FROM advisory_affected f JOIN advisories a ON a.id = f.advisory_id GROUP BY f.ecosystem_name ORDER BY f.ecosystem_name"))
        await using (var reader = await perEcosystem.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ecosystems.Add(new EcosystemStatus(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), AdvisoryRows.OptionalTime(reader, 3)));
            }
        }

        return new AdvisoryStatus
        {
            Advisories = live,
            Withdrawn = withdrawn,
            NewestModified = newest,
            Vulnerabilities = await ScalarAsync(connection, "SELECT COUNT(DISTINCT group_id) FROM vulnerability_ids", cancellationToken).ConfigureAwait(false),
            Ecosystems = ecosystems,
            LastOsvImport = await LastImportAsync(connection, AdvisoryFeeds.Osv, cancellationToken).ConfigureAwait(false),
            LastKevImport = await LastImportAsync(connection, AdvisoryFeeds.Kev, cancellationToken).ConfigureAwait(false),
            LastEpssImport = await LastImportAsync(connection, AdvisoryFeeds.Epss, cancellationToken).ConfigureAwait(false),
            KevEntries = await ScalarAsync(connection, "SELECT COUNT(*) FROM kev_entries", cancellationToken).ConfigureAwait(false),
            EpssScores = await ScalarAsync(connection, "SELECT COUNT(*) FROM epss_scores", cancellationToken).ConfigureAwait(false),
        };
    }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private async IAsyncEnumerable<AdvisoryChange> ListChangesAsync(string where, long value, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT a.id, a.modified, a.withdrawn, i.finished_at, a.import_id, f.ecosystem, f.package_name " +
            "FROM advisories a JOIN advisory_imports i ON i.id = a.import_id LEFT JOIN advisory_affected f ON f.advisory_id = a.id " +
            $"WHERE {where} ORDER BY a.id, f.ecosystem, f.package_name");
        command.Add("@value", value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        AdvisoryChange? current = null;
        var packages = new List<PackageKey>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetString(0);
            if (current is not null && current.AdvisoryId != id)
            {
                yield return current with { Packages = [.. packages] };
                packages.Clear();
                current = null;
            }

            current ??= new AdvisoryChange(
                id,
                DbCommandExtensions.FromUnixMs(reader.GetInt64(1)),
                AdvisoryRows.OptionalTime(reader, 2),
                DbCommandExtensions.FromUnixMs(reader.GetInt64(3)),
                reader.GetInt64(4));
            if (!reader.IsDBNull(5))
            {
                var package = new PackageKey(reader.GetString(5), reader.GetString(6));
                if (packages.Count == 0 || packages[^1] != package)
                {
                    packages.Add(package);
                }
            }
        }

        if (current is not null)
        {
            yield return current with { Packages = [.. packages] };
        }
    }

    /// <summary>The group name of <paramref name="id"/> and its ids; (null, [id]) when it is in no group.</summary>
    private static async Task<(string? Name, IReadOnlyCollection<string> Ids)> GroupAsync(DbConnection connection, string id, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "SELECT id, group_id FROM vulnerability_ids WHERE group_id = (SELECT group_id FROM vulnerability_ids WHERE id = @id)");
        command.Add("@id", id);
        var ids = new List<string>();
        string? name = null;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
            name = reader.GetString(1);
        }

        return name is null ? (null, [id]) : (name, ids);
    }

    /// <summary>Live records whose id is one of <paramref name="ids"/> or that link to one as alias or upstream.</summary>
    private static async Task<SortedSet<string>> AdvisoryIdsAsync(DbConnection connection, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(SqlLists.ChunkSize))
        {
            await using var command = connection.Command("");
            var own = SqlLists.In(command, "id", chunk, "@a");
            var linked = SqlLists.In(command, "linked_id", chunk, "@b");
            command.CommandText =
                $"SELECT id FROM advisories WHERE withdrawn IS NULL AND {own} " +
                $"UNION SELECT advisory_id FROM advisory_links WHERE {linked}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(reader.GetString(0));
            }
        }

        return result;
    }

    private static async Task<List<StoredAdvisory>> ReadAdvisoriesAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var result = new List<StoredAdvisory>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(AdvisoryRows.ReadAdvisory(reader));
        }

        return result;
    }

    private static async Task<AdvisoryImportRecord?> LastImportAsync(DbConnection connection, string feed, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            $"SELECT {AdvisoryRows.ImportColumns} FROM advisory_imports WHERE feed = @feed AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1");
        command.Add("@feed", feed);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? AdvisoryRows.ReadImport(reader) : null;
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}
