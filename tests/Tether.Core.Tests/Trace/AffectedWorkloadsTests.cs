using Tether.Core.Trace;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;
using static Tether.Core.Tests.Trace.TraceGraphBuilder;

namespace Tether.Core.Tests.Trace;

/// <summary>The running answer to a vulnerability, resolved for all images at once, agrees with the full trace.</summary>
public sealed class AffectedWorkloadsTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Workloads_running_any_image_with_the_package_are_listed_exposed_first_and_agree_with_the_trace()
    {
        var builder = BaseLayerInThreeImages(Now);
        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("w.db"), new ManualClock(Now));
        await store.IngestAsync(builder.Batch);

        var affected = await AffectedWorkloads.FindAsync(store, "CVE-2024-0003");

        Assert.Equal(new[] { AmdDigest, DevDigest, IdleDigest }.Order(StringComparer.Ordinal), affected.Images);
        Assert.Equal(
            [("aks-prod", "payments", 2, true, "production"), ("kind-dev", "default", 1, false, "development")],
            affected.Workloads.Select(w => (w.Cluster, w.Namespace, w.Pods, w.InternetExposed, w.Environment)));
        var trace = await new TraceEngine(store).TraceAsync("CVE-2024-0003");
        Assert.Equal(trace.Images.SelectMany(i => i.Runtime).Select(r => (r.Cluster, r.Namespace, r.Pod)).Distinct().Count(), affected.Pods);
        await Assert.ThrowsAsync<TraceTargetNotFoundException>(() => AffectedWorkloads.FindAsync(store, "CVE-1999-0001"));
    }

    public void Dispose() => _dir.Dispose();
}
