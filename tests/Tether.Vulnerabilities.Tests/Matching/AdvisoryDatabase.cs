using Tether.Core.Advisories;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Tether.Vulnerabilities.Advisories.Import;
using Tether.Vulnerabilities.Matching;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Matching;

/// <summary>
/// A real SQLite advisory database in a temporary folder, filled by the real OSV importer from real record files
/// (shared/testdata/osv) or from records a test writes, and matched with the real <see cref="PackageMatcher"/>.
/// </summary>
internal sealed class AdvisoryDatabase : IAsyncDisposable
{
    private readonly TempDirectory _dir;

    private AdvisoryDatabase(TempDirectory dir, IAdvisoryStore store)
    {
        _dir = dir;
        Store = store;
    }

    public IAdvisoryStore Store { get; }

    public static string Osv(params string[] parts) => TestData.Shared(["osv", .. parts]);

    public static async Task<AdvisoryDatabase> CreateAsync()
    {
        var dir = new TempDirectory();
        return new AdvisoryDatabase(dir, await SqliteAdvisoryStore.OpenAsync(dir.File("tether.db"), new ManualClock()));
    }

    /// <summary>A new database holding the records of these files and folders, imported without a warning.</summary>
    public static async Task<AdvisoryDatabase> WithAsync(params string[] inputs)
    {
        var database = await CreateAsync();
        await database.ImportAsync(inputs);
        return database;
    }

    public async Task ImportAsync(params string[] inputs)
    {
        var result = await new OsvImporter(Store, time: new ManualClock()).ImportAsync(inputs);
        Assert.Equal(0, result.WarningCount);
    }

    /// <summary>Writes a record a test composes into the database's folder and returns its path, for <see cref="ImportAsync"/>.</summary>
    public string Write(string fileName, string json)
    {
        var path = _dir.File(fileName);
        File.WriteAllText(path, json);
        return path;
    }

    public Task<MatchOutcome> MatchAsync(params MatchablePackage[] packages) => new PackageMatcher(Store).MatchAsync(packages);

    public Task<MatchOutcome> MatchAsync(IReadOnlyCollection<MatchablePackage> packages) => new PackageMatcher(Store).MatchAsync(packages);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        _dir.Dispose();
    }
}
