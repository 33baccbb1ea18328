using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using Xunit;

namespace Tether.Web.Tests;

/// <summary>
/// Not tests: helpers run on demand. <c>TETHER_UI_SCREENSHOTS=DIR</c> saves the main pages as PNGs (docs/screenshots);
/// <c>TETHER_UI_BENCH=1</c> (with <c>TETHER_UI_BENCH_DB</c> pointing at a large store) measures each main page's
/// render time in the browser from the Navigation Timing API and appends a Markdown table to <c>TETHER_UI_BENCH_OUT</c>.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class ScreenshotsAndBench(UiServer server)
{
    [Fact]
    public async Task Screenshots_of_the_main_pages_when_asked()
    {
        var directory = Environment.GetEnvironmentVariable("TETHER_UI_SCREENSHOTS");
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        Directory.CreateDirectory(directory);
        var page = await server.SignedInPageAsync(TestUsers.Analyst);
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, "overview.png"), FullPage = true });
        await page.GotoAsync("/trace?target=" + UiServer.DemoCve);
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, "trace.png"), FullPage = true });
        await page.GotoAsync("/inventory?tab=workloads");
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, "inventory.png"), FullPage = true });
        await page.GotoAsync("/explorer?template=namespaces-with-vulnerable-pods");
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, "explorer.png"), FullPage = true });
        await page.GotoAsync("/recommendations");
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, "recommendations.png"), FullPage = true });
        await page.GotoAsync("/trace?target=" + UiServer.DemoCve);
        await page.Locator("#theme-toggle").ClickAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, "trace-dark.png"), FullPage = true });
        await page.Locator("#theme-toggle").ClickAsync();
        Assert.True(File.Exists(Path.Combine(directory, "trace-dark.png")));
    }

    [Fact]
    public async Task Page_render_times_when_benchmarking()
    {
        if (Environment.GetEnvironmentVariable("TETHER_UI_BENCH") != "1")
        {
            return;
        }

        // Trace targets as TARGET or TARGET|CLUSTER, comma-separated.
        var targets = (Environment.GetEnvironmentVariable("TETHER_UI_BENCH_TRACE") ?? UiServer.DemoCve).Split(',').Select(t => t.Split('|')).ToList();
        var pages = new List<(string Name, string Url, string[]? Trace)>
        {
            ("overview", "/", null), ("inventory (images)", "/inventory?tab=images", null), ("inventory (workloads)", "/inventory?tab=workloads", null),
            ("explorer (exposed-pods-with-rce)", "/explorer?template=exposed-pods-with-rce", null),
            ("explorer (production-images-with-high-vulnerabilities)", "/explorer?template=production-images-with-high-vulnerabilities", null),
            ("recommendations", "/recommendations", null),
            // A filtered list is its own report: its first load computes it (the unfiltered one is computed at start).
            ("recommendations (one cluster)", "/recommendations?cluster=" + Uri.EscapeDataString(Environment.GetEnvironmentVariable("TETHER_UI_BENCH_CLUSTER") ?? "prod"), null),
        };
        pages.AddRange(targets.Select(t => ($"trace {t[0]}", "/trace?target=" + Uri.EscapeDataString(t[0]) + (t.Length > 1 ? "&cluster=" + Uri.EscapeDataString(t[1]) : ""), (string[]?)t)));
        var page = await server.SignedInPageAsync(TestUsers.Analyst);
        var report = new StringBuilder("| page | first opened after server start (s) | first load (ms) | report shown after (s) | warm, median of 5 (ms) | of which TraceEngine, median (ms) | HTML bytes |\n|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var (name, url, trace) in pages)
        {
            var opened = server.Uptime;
            var ready = "—";
            var runs = new List<double>();
            long bytes = 0;
            for (var i = 0; i < 6; i++)
            {
                await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load, Timeout = 120_000 });
                // Navigation Timing: from the start of the navigation to the end of the load event.
                runs.Add(await page.EvaluateAsync<double>("(() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime; })()"));
                bytes = await page.EvaluateAsync<long>("performance.getEntriesByType('navigation')[0].decodedBodySize");
                if (i == 0 && await page.Locator("[data-computing]").CountAsync() > 0)
                {
                    // The page said its report is being computed (recommendations): the warm loads measure the report.
                    while (await page.Locator("[data-computing]").CountAsync() > 0 && server.Uptime - opened < TimeSpan.FromMinutes(5))
                    {
                        await Task.Delay(500);
                        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load, Timeout = 120_000 });
                    }

                    ready = (server.Uptime - opened).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
                }
            }

            var warm = runs.Skip(1).Order().ToList();
            if (trace is not null && Environment.GetEnvironmentVariable("TETHER_UI_SCREENSHOTS") is { Length: > 0 } shots)
            {
                var blast = page.Locator("[data-blast-radius]").First;
                if (await blast.CountAsync() > 0)
                {
                    await blast.ScreenshotAsync(new() { Path = Path.Combine(shots, $"blast-radius-at-scale-{pages.IndexOf((name, url, trace))}.png") });
                }
            }

            var engine = "—";
            if (trace is not null)
            {
                // The same trace in-process, without the page: how much of the page's time is the engine's.
                var times = new List<double>();
                for (var i = 0; i < 5; i++)
                {
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    await new Tether.Core.Trace.TraceEngine(server.Graph, server.Advisories).TraceAsync(trace[0], trace.Length > 1 ? trace[1] : null);
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }

                engine = times.Order().ElementAt(2).ToString("0", CultureInfo.InvariantCulture);
            }

            report.Append(CultureInfo.InvariantCulture, $"| {name} | {opened.TotalSeconds:0.0} | {runs[0]:0} | {ready} | {warm[warm.Count / 2]:0} | {engine} | {bytes:N0} |\n");
        }

        var output = Environment.GetEnvironmentVariable("TETHER_UI_BENCH_OUT") ?? Path.Combine(Path.GetTempPath(), "tether-ui-bench.md");
        await File.AppendAllTextAsync(output, report.ToString());
        Assert.True(File.Exists(output));
    }
}
