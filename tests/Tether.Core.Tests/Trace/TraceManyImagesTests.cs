using System.Text.Json;
using Tether.Core.Trace;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;
using static Tether.Core.Tests.Trace.TraceGraphBuilder;

namespace Tether.Core.Tests.Trace;

/// <summary>
/// A vulnerability reaching several images reads their chains for all of them at once; each image must come out
/// exactly as a trace of that image alone (which resolves one chain) describes it.
/// </summary>
public sealed class TraceManyImagesTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task A_vulnerability_in_many_images_traces_each_image_as_tracing_it_alone_does()
    {
        var builder = BaseLayerInThreeImages(Now);
        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("many.db"), new ManualClock(Now));
        await store.IngestAsync(builder.Batch);
        var engine = new TraceEngine(store);

        var report = await engine.TraceAsync("CVE-2024-0003");

        Assert.Equal(new[] { AmdDigest, DevDigest, IdleDigest }.Order(StringComparer.Ordinal), report.Images.Select(i => i.Digest).Order(StringComparer.Ordinal));
        Assert.Equal(3, report.Findings.Count);
        Assert.Equal(2, report.Images.Single(i => i.Digest == AmdDigest).Runtime.Count);
        Assert.Equal("development", Assert.Single(report.Images.Single(i => i.Digest == DevDigest).Runtime).Environment);
        Assert.Contains(report.Images.Single(i => i.Digest == IdleDigest).Gaps, g => g.Layer == "runtime");

        var alone = new List<string>();
        foreach (var image in report.Images)
        {
            var single = await engine.TraceAsync(image.Digest);
            Assert.Equal(JsonSerializer.Serialize(Assert.Single(single.Images) with { FindingCount = image.FindingCount }, Json), JsonSerializer.Serialize(image, Json));
            alone.AddRange(single.Findings.Where(f => f.Vulnerability.Id == "CVE-2024-0003").Select(f => JsonSerializer.Serialize(f, Json)));
        }

        Assert.Equal(alone.Order(StringComparer.Ordinal), report.Findings.Select(f => JsonSerializer.Serialize(f, Json)).Order(StringComparer.Ordinal));
    }

    public void Dispose() => _dir.Dispose();
}
