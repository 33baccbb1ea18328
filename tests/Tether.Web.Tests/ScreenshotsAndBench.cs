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
        var page = await server.SignedInPageAsync(FixedTokens.Analyst);
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, "overview.png"), FullPage = true });
        await page.GotoAsync("/trace?target=" + UiServer.DemoCve);
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, "trace.png"), FullPage = true });
        await page.GotoAsync("/inventory?tab=workloads");
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, "inventory.png"), FullPage = true });
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

        var targets = (Environment.GetEnvironmentVariable("TETHER_UI_BENCH_TRACE") ?? UiServer.DemoCve).Split(',');
        var pages = new List<(string Name, string Url)> { ("overview", "/"), ("inventory (images)", "/inventory?tab=images"), ("inventory (workloads)", "/inventory?tab=workloads") };
        pages.AddRange(targets.Select(t => ($"trace {t}", "/trace?target=" + Uri.EscapeDataString(t))));
        var page = await server.SignedInPageAsync(FixedTokens.Analyst);
        var report = new StringBuilder("| page | first load (ms) | warm, median of 5 (ms) | HTML bytes |\n|---|---:|---:|---:|\n");
        foreach (var (name, url) in pages)
        {
            var runs = new List<double>();
            long bytes = 0;
            for (var i = 0; i < 6; i++)
            {
                await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load, Timeout = 120_000 });
                // Navigation Timing: from the start of the navigation to the end of the load event.
                runs.Add(await page.EvaluateAsync<double>("(() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime; })()"));
                bytes = await page.EvaluateAsync<long>("performance.getEntriesByType('navigation')[0].decodedBodySize");
            }

            var warm = runs.Skip(1).Order().ToList();
            report.Append(CultureInfo.InvariantCulture, $"| {name} | {runs[0]:0} | {warm[warm.Count / 2]:0} | {bytes:N0} |\n");
        }

        var output = Environment.GetEnvironmentVariable("TETHER_UI_BENCH_OUT") ?? Path.Combine(Path.GetTempPath(), "tether-ui-bench.md");
        await File.AppendAllTextAsync(output, report.ToString());
        Assert.True(File.Exists(output));
    }
}
