using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tether.Server.Collectors;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;

namespace Tether.Server.Tests;

public sealed class RecommendationWarmerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_default_recommendations_are_computed_at_start_unless_turned_off(bool warm)
    {
        var db = _dir.File($"w-{warm}.db");
        await using var graph = await SqliteGraphStore.OpenAsync(db, TimeProvider.System);
        await using var advisories = await SqliteAdvisoryStore.OpenAsync(db, TimeProvider.System);
        await using var tokens = await SqliteApiTokenStore.OpenAsync(db, TimeProvider.System);
        await using var leases = await SqliteLeaseStore.OpenAsync(db, TimeProvider.System);
        await using var app = ServerHost.Build(new ServerSettings(["http://127.0.0.1:0"]) { WarmRecommendations = warm }, new ServerStores(graph, advisories, tokens, leases));
        Assert.Equal(warm, app.Services.GetServices<IHostedService>().OfType<RecommendationWarmer>().Any());
        Assert.Single(app.Services.GetServices<IHostedService>().OfType<TopologyRefresher>());
    }

    public void Dispose() => _dir.Dispose();
}
