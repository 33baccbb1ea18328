using Tether.Core.Graph;
using Xunit;

namespace Tether.Server.Tests;

/// <summary>Trace answers are served again until the graph changes, and never after it did.</summary>
public sealed class TraceCacheTests : IAsyncLifetime
{
    private readonly DemoServer _demo = new();

    public Task InitializeAsync() => _demo.InitializeAsync();

    public Task DisposeAsync() => _demo.DisposeAsync();

    [Fact]
    public async Task A_repeated_trace_is_the_same_answer_and_an_ingest_in_between_is_seen_at_once()
    {
        static int Pods(System.Text.Json.JsonElement trace) => trace.GetProperty("findings")[0].GetProperty("blastRadius").GetProperty("pods").GetInt32();
        var first = await _demo.GetJsonAsync("/api/v1/trace?target=CVE-2024-6119");
        var again = await _demo.GetJsonAsync("/api/v1/trace?target=CVE-2024-6119");
        Assert.Equal(first.GetRawText(), again.GetRawText());
        Assert.Equal(51, Pods(first));

        // A payments pod is deleted: the next trace counts one pod less.
        var pod = (await _demo.Graph.ListNodesAsync(NodeKinds.Pod, "aks-prod-weu/payments/", 1)).Single();
        Assert.StartsWith("aks-prod-weu/payments/payments-api", pod.Key, StringComparison.Ordinal);
        var batch = new GraphBatch("kubernetes", DateTimeOffset.UtcNow);
        batch.End(pod.Ref);
        await _demo.Graph.IngestAsync(batch);
        Assert.Equal(50, Pods(await _demo.GetJsonAsync("/api/v1/trace?target=CVE-2024-6119")));
    }
}
