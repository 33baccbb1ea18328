using Tether.Core.Explore;
using Tether.Core.Graph;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;
using static Tether.Core.Tests.Explore.ExplorerInventory;

namespace Tether.Core.Tests.Explore;

/// <summary>Every built-in template on a generated estate returns exactly the planted entities (see <see cref="ExplorerInventory"/>).</summary>
public sealed class TemplateAnswersTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private IGraphStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteGraphStore.OpenAsync(_dir.File("explore.db"), new ManualClock());
        await _store.IngestAsync(Build(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    private static IEnumerable<int> DeployedApps => Enumerable.Range(0, Deployed);

    public static TheoryData<string> Templates() => [.. QueryTemplates.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Each_template_returns_exactly_the_planted_entities(string name)
    {
        string[] expected = name switch
        {
            "production-images-with-high-vulnerabilities" =>
                [.. DeployedApps.Where(i => Cluster(i) == "prod" && Built(i) && (Critical(i) || High(i))).Select(Digest)],
            "exposed-pods-with-rce" =>
                [.. DeployedApps.Where(i => Exposed(i) && Critical(i)).SelectMany(i => new[] { PodKey(i, 0), PodKey(i, 1) })],
            "namespaces-with-vulnerable-pods" =>
                [.. DeployedApps.Where(i => Critical(i) || High(i)).Select(i => $"{Cluster(i)}/{Namespace(i)}").Distinct()],
            "privileged-containers-with-critical-vulnerabilities" =>
                [.. DeployedApps.Where(i => Privileged(i) && Critical(i)).SelectMany(i => new[] { PodKey(i, 0) + "/app", PodKey(i, 1) + "/app" })],
            "running-images-without-provenance" => [.. DeployedApps.Where(i => !Built(i)).Select(Digest)],
            "pushed-images-never-deployed" => [.. Enumerable.Range(Deployed, Apps - Deployed).Select(Digest)],
            "workloads-running-superseded-images" =>
                [.. DeployedApps.Where(i => Built(i) && Enumerable.Range(i + 1, Apps - i - 1).Any(j => Built(j) && j % 4 == i % 4)).Select(WorkloadKey)],
            _ => throw new InvalidOperationException(name),
        };

        var result = await new Explorer(_store).RunTextAsync(QueryTemplates.Find(name)!.Query, QueryLimits.Default with { MaxRows = 1000 });

        Assert.Equal(expected.Order(StringComparer.Ordinal).ToArray(), result.Rows.Select(r => r.Key).ToArray());
        Assert.Equal(expected.Length, result.Total);
        Assert.NotEmpty(expected);
    }

    [Fact]
    public async Task Rows_carry_the_related_entities_that_made_them_match()
    {
        var result = await new Explorer(_store).RunTextAsync("images where runs_on(pods where internet_exposed) and vulnerabilities(severity = critical)");

        // Apps 0 and 12: exposed and critical. App 0's two pods are the runs_on evidence, the RCE its vulnerability.
        Assert.Equal([Digest(0), Digest(12)], result.Rows.Select(r => r.Key).ToArray());
        var row = result.Rows[0];
        var pods = row.Evidence.Single(e => e.Relation == "runs_on");
        Assert.Equal(2, pods.Count);
        Assert.Equal([PodKey(0, 0), PodKey(0, 1)], pods.Matches.Select(m => m.Key).ToArray());
        Assert.Equal("CVE-2026-0001", Assert.Single(row.Evidence.Single(e => e.Relation == "vulnerabilities").Matches).Key);
    }

    [Fact]
    public async Task A_finished_pod_runs_nothing()
    {
        // The Succeeded pod in prod/ns-0 runs app 5 (HIGH); only test-cluster pods run it otherwise.
        var result = await new Explorer(_store).RunTextAsync($"pods where images(digest = \"{Digest(5)}\")");
        Assert.Equal([PodKey(5, 0), PodKey(5, 1)], result.Rows.Select(r => r.Key).ToArray());
    }

    [Fact]
    public async Task Or_and_not_combine_sets()
    {
        var result = await new Explorer(_store).RunTextAsync("workloads where (cluster = prod or namespace = ns-1) and not images(vulnerabilities())");
        var expected = DeployedApps.Where(i => (Cluster(i) == "prod" || Namespace(i) == "ns-1") && !Critical(i) && !High(i)).Select(WorkloadKey).Order(StringComparer.Ordinal);
        Assert.Equal(expected.ToArray(), result.Rows.Select(r => r.Key).ToArray());
    }

    [Fact]
    public async Task The_row_limit_truncates_but_counts_everything()
    {
        // Every pod node, the finished one included: running is a condition of its own.
        var result = await new Explorer(_store).RunTextAsync("pods", QueryLimits.Default with { MaxRows = 3 });
        Assert.Equal(Deployed * 2 + 1, result.Total);
        Assert.Equal(3, result.Returned);
        Assert.True(result.Truncated);
    }

    [Fact]
    public async Task An_exhausted_time_budget_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<QueryTimeoutException>(() =>
            new Explorer(new SlowStore(_store)).RunTextAsync("images where vulnerabilities()", QueryLimits.Default with { Timeout = TimeSpan.FromMilliseconds(50) }));
        Assert.Contains("time budget", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>A store whose whole-graph and node reads take 200 ms, so a query's time budget runs out before it can answer.</summary>
internal sealed class SlowStore(IGraphStore inner) : IGraphStore
{
    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task<IngestSummary> IngestAsync(GraphBatch batch, CancellationToken cancellationToken = default) => inner.IngestAsync(batch, cancellationToken);

    public Task<StoredNode?> FindNodeAsync(NodeRef node, CancellationToken cancellationToken = default) => inner.FindNodeAsync(node, cancellationToken);

    public async Task<IReadOnlyList<StoredNode>> GetNodesAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        await Task.Delay(200, cancellationToken);
        return await inner.GetNodesAsync(ids, cancellationToken);
    }

    public Task<IReadOnlyList<StoredNode>> FindNodesByKeyPrefixAsync(string kind, string keyPrefix, int limit, CancellationToken cancellationToken = default) => inner.FindNodesByKeyPrefixAsync(kind, keyPrefix, limit, cancellationToken);

    public Task<IReadOnlyList<StoredNode>> ListNodesAsync(string kind, string? afterKey, int limit, CancellationToken cancellationToken = default) => inner.ListNodesAsync(kind, afterKey, limit, cancellationToken);

    public Task<IReadOnlyList<StoredNode>> FindNodesByAliasAsync(string kind, string alias, CancellationToken cancellationToken = default) => inner.FindNodesByAliasAsync(kind, alias, cancellationToken);

    public Task<IReadOnlyList<StoredNode>> FindNodesByAliasesAsync(string kind, IReadOnlyCollection<string> aliases, CancellationToken cancellationToken = default) => inner.FindNodesByAliasesAsync(kind, aliases, cancellationToken);

    public Task<IReadOnlyList<StoredNode>> FindNodesByKeysAsync(string kind, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) => inner.FindNodesByKeysAsync(kind, keys, cancellationToken);

    public Task<IReadOnlyList<StoredEdge>> GetEdgesAsync(IReadOnlyCollection<long> nodeIds, EdgeDirection direction, IReadOnlyCollection<string>? types = null, CancellationToken cancellationToken = default) =>
        inner.GetEdgesAsync(nodeIds, direction, types, cancellationToken);

    public Task<GraphCounts> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

    public Task<long> GetGenerationAsync(CancellationToken cancellationToken = default) => inner.GetGenerationAsync(cancellationToken);

    public Task<IReadOnlySet<string>> ChangedKindsAsync(long since, CancellationToken cancellationToken = default) => inner.ChangedKindsAsync(since, cancellationToken);

    public async Task<GraphTopology> ReadTopologyAsync(TopologyRequest request, GraphTopology? previous = null, CancellationToken cancellationToken = default)
    {
        await Task.Delay(200, cancellationToken);
        return await inner.ReadTopologyAsync(request, previous, cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
