namespace Tether.Core.Advisories;

/// <summary>
/// The advisory database: OSV records, the vulnerability groups their ids form, and the KEV and EPSS feeds.
/// Backends (SQLite, PostgreSQL) pass the same conformance suite. It lives beside the graph, in the same
/// store, but is its own interface: advisories are reference data that matching reads per package, not
/// observed facts with evidence.
/// </summary>
public interface IAdvisoryStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema. Idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts an import: one transaction that any number of <see cref="IAdvisoryImportSession.WriteAsync"/>
    /// batches join, applied only by <see cref="IAdvisoryImportSession.CommitAsync"/>. Disposing the session
    /// without committing (an error, a cancellation) leaves the store exactly as it was.
    /// The source (paths, URLs) is recorded with the import.
    /// </summary>
    Task<IAdvisoryImportSession> BeginImportAsync(string source, CancellationToken cancellationToken = default);

    /// <summary>Writes one batch of advisories as one import, in one transaction (see <see cref="IAdvisoryImportSession.WriteAsync"/>).</summary>
    Task<AdvisoryImportRecord> UpsertAsync(IReadOnlyList<Advisory> advisories, string source, CancellationToken cancellationToken = default);

    /// <summary>The record with exactly this id (withdrawn ones included), or null.</summary>
    Task<StoredAdvisory?> GetAdvisoryAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The records with these ids (withdrawn ones included) that are stored, in no particular order.</summary>
    Task<IReadOnlyList<StoredAdvisory>> GetAdvisoriesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every live record of the vulnerability <paramref name="idOrAlias"/> belongs to: records whose id is in its
    /// group, and records that name an id of the group as an alias or upstream (bundles such as a DSA fixing
    /// several CVEs). A withdrawn record is returned only when asked for by its own id. Ordered by id.
    /// </summary>
    Task<IReadOnlyList<StoredAdvisory>> FindAdvisoriesAsync(string idOrAlias, CancellationToken cancellationToken = default);

    /// <summary>The group of ids that name the same vulnerability as <paramref name="idOrAlias"/>, or null when no record mentions it.</summary>
    Task<VulnerabilityGroup?> GetVulnerabilityAsync(string idOrAlias, CancellationToken cancellationToken = default);

    /// <summary>
    /// The affected entries of live records for one package: <paramref name="ecosystem"/> exactly as OSV writes
    /// it, with its release (<c>Debian:12</c>, <c>Alpine:v3.18</c>, <c>npm</c>), and the package name as
    /// installed (folded by <see cref="PackageNames.Key"/> on both sides). Served by an index on
    /// (ecosystem, name key). Ordered by advisory id, then entry index.
    /// </summary>
    Task<IReadOnlyList<AffectedEntry>> GetAffectedAsync(string ecosystem, string packageName, CancellationToken cancellationToken = default);

    /// <summary>The same for many package names of one ecosystem in a few round trips; ordered by name key, advisory id, entry index.</summary>
    Task<IReadOnlyList<AffectedEntry>> GetAffectedAsync(string ecosystem, IReadOnlyCollection<string> packageNames, CancellationToken cancellationToken = default);

    /// <summary>
    /// The distinct ecosystems of live affected entries, exactly as written (<c>Debian:12</c>,
    /// <c>Red Hat:enterprise_linux:9::appstream</c>, <c>npm</c>), ordered: which advisory ecosystems a package can meet.
    /// </summary>
    Task<IReadOnlyList<string>> ListEcosystemsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Records written (created, updated or withdrawn) by imports that committed at or after <paramref name="since"/> (the store's clock),
    /// with the packages they now affect: what matching must look at again. Ordered by advisory id.
    /// </summary>
    IAsyncEnumerable<AdvisoryChange> ListChangesSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Records written by one import (<see cref="AdvisoryImportRecord.Id"/>), as <see cref="ListChangesSinceAsync"/>.</summary>
    IAsyncEnumerable<AdvisoryChange> ListChangesInImportAsync(long importId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the KEV catalog with <paramref name="catalog"/> (a snapshot: entries not in it are removed), in one transaction.</summary>
    Task<AdvisoryImportRecord> ReplaceKevAsync(KevCatalog catalog, string source, CancellationToken cancellationToken = default);

    /// <summary>Replaces the EPSS scores with <paramref name="snapshot"/>, in one transaction.</summary>
    Task<AdvisoryImportRecord> ReplaceEpssAsync(EpssSnapshot snapshot, string source, CancellationToken cancellationToken = default);

    /// <summary>KEV entries of those CVE ids that are in the catalog, keyed by CVE id.</summary>
    Task<IReadOnlyDictionary<string, KevEntry>> GetKevAsync(IReadOnlyCollection<string> cveIds, CancellationToken cancellationToken = default);

    /// <summary>EPSS scores of those CVE ids that have one, keyed by CVE id.</summary>
    Task<IReadOnlyDictionary<string, EpssScore>> GetEpssAsync(IReadOnlyCollection<string> cveIds, CancellationToken cancellationToken = default);

    /// <summary>Counts per ecosystem and freshness, for <c>tether db status</c>.</summary>
    Task<AdvisoryStatus> GetStatusAsync(CancellationToken cancellationToken = default);
}

/// <summary>An import in progress: one open transaction. Dispose without <see cref="CommitAsync"/> to roll it back.</summary>
public interface IAdvisoryImportSession : IAsyncDisposable
{
    /// <summary>The import's id: records it writes carry it (<see cref="IAdvisoryStore.ListChangesInImportAsync"/>).</summary>
    long ImportId { get; }

    /// <summary>The stored <c>modified</c> time of those ids that are stored (as seen inside this import).</summary>
    Task<IReadOnlyDictionary<string, DateTimeOffset>> GetStoredModifiedAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes records whose <c>modified</c> is newer than the stored one (others are counted unchanged and not
    /// touched; at an equal <c>modified</c>, a change between withdrawn and live applies). A record replaces the
    /// stored one whole.
    /// A withdrawn record is kept as a tombstone: no affected entries, out of every vulnerability group, listed
    /// as a change so findings it caused can be closed.
    /// </summary>
    Task<AdvisoryWriteSummary> WriteAsync(IReadOnlyList<Advisory> advisories, CancellationToken cancellationToken = default);

    /// <summary>Records the import (with the caller's count of skipped, malformed records) and commits everything.</summary>
    Task<AdvisoryImportRecord> CommitAsync(int warnings, CancellationToken cancellationToken = default);
}
