using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Tether.Core.Advisories;
using Tether.Core.Graph;
using Tether.Core.Trace;
using Tether.Storage.Sqlite;
using Tether.Vulnerabilities.Advisories.Import;
using Tether.Vulnerabilities.Matching;

namespace Tether.Benchmarks;

/// <summary>
/// <c>match [packages] [advisories]</c> (issue #3). Builds once, and keeps beside the run, a store holding a generated
/// OSV export imported through <see cref="OsvImporter"/>, the package nodes of a <see cref="PackageCatalog"/>, and the
/// 100k-pod inventory of <see cref="ScaleBenchmark"/> whose images hold those packages through their layers. Each run
/// works on a copy of it:
/// <list type="number">
/// <item>a full re-match (<see cref="GraphMatcher.MatchAllAsync"/>) twice: the first writes every match, the second
/// finds nothing changed;</item>
/// <item>new advisories one at a time: import one OSV record, re-match what its import changed
/// (<see cref="GraphMatcher.MatchChangesAsync"/>), and trace its vulnerability id to the running workloads
/// (<see cref="TraceEngine"/>), for app libraries (in 1–2% of images) and base-image packages (5–20%).</item>
/// </list>
/// </summary>
public static class MatchBenchmark
{
    private const int Pods = 100_000;

    public static async Task RunAsync(int packages, int advisories, string directory, bool rebuild, bool fullRematch = true)
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        var catalog = new PackageCatalog(packages, advisories);
        var size = InventorySize.Scaled(Pods);
        var generator = new InventoryGenerator(size);
        var inventory = new MatchInventory(catalog, size);
        var basePath = Path.Combine(directory, $"match-{packages}-{advisories}.db");
        if (rebuild || !File.Exists(basePath))
        {
            await BuildAsync(basePath, directory, catalog, generator, inventory, advisories);
        }
        else
        {
            Console.WriteLine($"setup: reusing {basePath} (pass --rebuild to build it again)");
        }

        var workPath = Path.Combine(directory, "match-work.db");
        var matchedPath = Path.Combine(directory, $"match-{packages}-{advisories}.matched.db");
        if (!fullRematch && !File.Exists(matchedPath))
        {
            // The new-advisory part needs the existing matches: one unmeasured run writes them, kept for later runs.
            await CopyStoreAsync(basePath, workPath, async (graph, store) => await new GraphMatcher(graph, store, TimeProvider.System).MatchAllAsync());
            File.Move(workPath, matchedPath);
        }

        await CopyStoreAsync(fullRematch ? basePath : matchedPath, workPath, async (graph, store) =>
        {
            await PrintNamedFractionAsync(workPath, catalog);
            if (fullRematch)
            {
                await FullRematchAsync(graph, store);
            }

            await NewAdvisoriesAsync(graph, store, catalog, inventory, size, directory);
        });
    }

    /// <summary>Copies a store file and works on the copy; the copy is checkpointed (no WAL beside it) when done.</summary>
    private static async Task CopyStoreAsync(string from, string to, Func<IGraphStore, IAdvisoryStore, Task> work)
    {
        DeleteStore(to);
        File.Copy(from, to);
        await using (var graph = await SqliteGraphStore.OpenAsync(to, TimeProvider.System))
        await using (var store = await SqliteAdvisoryStore.OpenAsync(to, TimeProvider.System))
        {
            await work(graph, store);
        }

        SqliteConnection.ClearAllPools();

    }

    private static async Task BuildAsync(string path, string directory, PackageCatalog catalog, InventoryGenerator generator, MatchInventory inventory, int records)
    {
        DeleteStore(path);
        var zip = Path.Combine(directory, $"match-osv-{records}.zip");
        var clock = Stopwatch.StartNew();
        MatchAdvisoryGenerator.Write(zip, catalog, records);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setup: generated {records} OSV records ({new FileInfo(zip).Length / 1048576.0:0} MB zip) in {clock.Elapsed.TotalSeconds:0.0} s"));

        await using (var advisories = await SqliteAdvisoryStore.OpenAsync(path, TimeProvider.System))
        {
            clock.Restart();
            var import = await new OsvImporter(advisories).ImportAsync([zip]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"setup: OsvImporter stored {import.Import.Created} records ({import.WarningCount} warnings) in {clock.Elapsed.TotalSeconds:0.0} s"));
        }

        await using (var graph = await SqliteGraphStore.OpenAsync(path, TimeProvider.System))
        {
            clock.Restart();
            await ScaleBenchmark.IngestAsync(graph, generator.RegistryBatches(), generator.CiReports(), generator.ClusterDocuments());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setup: inventory (registry, CI reports, {Pods} pods) ingested in {clock.Elapsed.TotalSeconds:0.0} s"));
            clock.Restart();
            var nodes = 0;
            foreach (var batch in inventory.PackageBatches())
            {
                nodes += batch.Nodes.Count;
                await graph.IngestAsync(batch);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setup: {nodes} package nodes ingested in {clock.Elapsed.TotalSeconds:0.0} s"));
            clock.Restart();
            long edges = 0;
            foreach (var batch in inventory.LayerBatches(generator))
            {
                edges += batch.Edges.Count;
                await graph.IngestAsync(batch);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setup: layers and contents ingested ({edges} edges) in {clock.Elapsed.TotalSeconds:0.0} s"));
            var counts = await graph.CountAsync();
            Console.WriteLine($"setup: store holds {counts.NodesByKind.Values.Sum()} nodes, {counts.Edges} edges");
        }

        SqliteConnection.ClearAllPools(); // the last connection to close checkpoints the WAL into the file copied by each run
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setup: store file {new FileInfo(path).Length / 1048576.0:0} MB"));
    }

    /// <summary>How many package nodes have a name some stored advisory names for their ecosystem (the matching workload).</summary>
    private static async Task PrintNamedFractionAsync(string path, PackageCatalog catalog)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        await using (var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT DISTINCT ecosystem, package_key FROM advisory_affected";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                named.Add(reader.GetString(0) + "|" + reader.GetString(1));
            }
        }

        long total = 0, withAdvisories = 0;
        foreach (var family in PackageCatalog.Families)
        {
            var ecosystem = PackageCatalog.PackageEcosystem(family);
            for (var index = 0; index < catalog.InventoryNames(family); index++)
            {
                var count = MatchInventory.Packages(family, index).Count();
                total += count;
                if (named.Contains(ecosystem + "|" + PackageNames.Key(ecosystem, PackageCatalog.Name(family, index))))
                {
                    withAdvisories += count;
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"data: {total} package nodes, {withAdvisories} ({100.0 * withAdvisories / total:0.0}%) with a (source) name some advisory names for their ecosystem"));
    }

    private static async Task FullRematchAsync(IGraphStore graph, IAdvisoryStore advisories)
    {
        var matcher = new GraphMatcher(graph, advisories, TimeProvider.System);
        foreach (var run in new[] { "first", "second" })
        {
            GC.Collect();
            Peak.Reset();
            var cpu = Cpu();
            var clock = Stopwatch.StartNew();
            var summary = await matcher.MatchAllAsync();
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"full re-match ({run} run): {seconds:0.0} s wall / {Cpu() - cpu:0.0} s CPU; {summary.Packages} packages ({summary.Packages / seconds:0} /s), " +
                $"{summary.Evaluations} evaluations, {summary.Matches} matches ({summary.New} new, {summary.Changed} changed, {summary.Resolved} resolved), " +
                $"{summary.PackagesWithoutAdvisories} without advisories, {summary.Warnings.Values.Sum()} warnings; peak RSS {Peak.Megabytes():0} MB ({Peak.Kind})"));
        }
    }

    private static async Task NewAdvisoriesAsync(IGraphStore graph, IAdvisoryStore advisories, PackageCatalog catalog, MatchInventory inventory, InventorySize size, string directory)
    {
        var targets = Targets(catalog, inventory, size);
        var matcher = new GraphMatcher(graph, advisories, TimeProvider.System);
        var counting = new CountingGraphStore(graph);
        var engine = new TraceEngine(counting);
        var importer = new OsvImporter(advisories);
        var results = new List<(string Category, double Import, double Rematch, double Trace, int Images, int Running, int Pods, int Workloads, double Affected)>();

        // As `tether serve` holds it: the graph's structure in memory and every running pod's blast-radius entry read
        // once (untimed here, printed), brought up to date after each advisory.
        var topology = new GraphTopologyCache(graph);
        var prepare = Stopwatch.StartNew();
        var prepared = await AffectedWorkloads.PrepareAsync(graph, topology);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"topology read and {prepared} running pods prepared: {prepare.Elapsed.TotalMilliseconds:0} ms"));
        var number = 5_000_000;
        // The first advisory warms the JIT and the SQLite page cache up; it is not counted.
        foreach (var target in targets.Prepend(targets[0] with { Category = "warm-up" }))
        {
            var (id, cve, json) = MatchAdvisoryGenerator.Record(target.Family, target.Index, number++, new Random(number), DateTimeOffset.UtcNow, target.UpTo);
            var file = Path.Combine(directory, "match-new.json");
            await File.WriteAllBytesAsync(file, json);

            var clock = Stopwatch.StartNew();
            var import = await importer.ImportAsync([file]);
            var importMs = clock.Elapsed.TotalMilliseconds;

            clock.Restart();
            var changes = new List<AdvisoryChange>();
            await foreach (var change in advisories.ListChangesInImportAsync(import.Import.Id))
            {
                changes.Add(change);
            }

            var rematch = await matcher.MatchChangesAsync(changes);
            var rematchMs = clock.Elapsed.TotalMilliseconds;

            // The running answer alone (workloads, pods), all images resolved at once: what "a new CVE: where does it run?" needs.
            clock.Restart();
            var affected = await AffectedWorkloads.FindAsync(graph, cve, null, topology);
            var affectedMs = clock.Elapsed.TotalMilliseconds;

            var calls = counting.Calls;
            var cpu = Cpu();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            clock.Restart();
            var report = await engine.TraceAsync(cve);
            var traceMs = clock.Elapsed.TotalMilliseconds;
            var traceCpuMs = (Cpu() - cpu) * 1000;
            var traceMegabytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0;
            calls = counting.Calls - calls;

            var runtime = report.Images.SelectMany(i => i.Runtime).ToList();
            var pods = runtime.Select(r => (r.Cluster, r.Namespace, r.Pod)).Distinct().Count();
            var workloads = runtime.Where(r => r.Workload is not null).Select(r => (r.Cluster, r.Namespace, r.Workload!.Name)).Distinct().Count();
            var running = report.Images.Count(i => i.Runtime.Count > 0);
            if (affected.Pods != pods)
            {
                throw new InvalidOperationException($"{id}: the workloads query found {affected.Pods} pods, the trace {pods}");
            }

            if (report.Images.Count != target.Images)
            {
                throw new InvalidOperationException($"{id}: the trace reached {report.Images.Count} images, the generator put the package in {target.Images}");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {target.Category,-8} {id,-28} {target.Key,-52} matches +{rematch.New} ({rematch.Packages} packages re-matched, {rematch.Evaluations} evaluations); " +
                $"{report.Images.Count} images ({running} running), {pods} pods, {workloads} workloads; import {importMs:0.0} ms, re-match {rematchMs:0.0} ms, workloads {affectedMs:0.0} ms, trace {traceMs:0.0} ms ({traceCpuMs:0} ms CPU, {calls} store reads, {traceMegabytes:0} MB allocated)"));
            if (target.Category != "warm-up")
            {
                results.Add((target.Category, importMs, rematchMs, traceMs, report.Images.Count, running, pods, workloads, affectedMs));
            }
        }

        foreach (var category in results.GroupBy(r => r.Category))
        {
            var list = category.ToList();
            static string P(List<double> values) => string.Create(CultureInfo.InvariantCulture, $"{ScaleBenchmark.Percentile(values, 50):0.0} / {ScaleBenchmark.Percentile(values, 95):0.0}");
            var total = list.Select(r => r.Import + r.Rematch + r.Affected).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"new advisory, {category.Key} ({list.Count}; images {list.Min(r => r.Images)}–{list.Max(r => r.Images)} of {size.Images}, pods {list.Min(r => r.Pods)}–{list.Max(r => r.Pods)}): " +
                $"p50 / p95 ms: import {P([.. list.Select(r => r.Import)])}, re-match {P([.. list.Select(r => r.Rematch)])}, workloads {P([.. list.Select(r => r.Affected)])}, " +
                $"import + re-match + workloads {P(total)}; full trace {P([.. list.Select(r => r.Trace)])}"));
        }
    }

    private sealed record Target(string Category, PackageFamily Family, int Index, int UpTo, string Key, int Images);

    /// <summary>
    /// Ten app libraries in 1–2% of images and ten base-image sources in 5–20% of them, spread over the candidates; the
    /// new advisory affects installed versions 0…UpTo.
    /// </summary>
    private static List<Target> Targets(PackageCatalog catalog, MatchInventory inventory, InventorySize size)
    {
        // Images holding each language package version, from the same generator that built the layers.
        var imagesPerKey = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        for (var image = 0; image < size.Images; image++)
        {
            foreach (var key in inventory.AppLayerPackages(image))
            {
                (imagesPerKey.TryGetValue(key, out var set) ? set : imagesPerKey[key] = []).Add(image);
            }
        }

        var apps = new List<Target>();
        foreach (var family in new[] { PackageFamily.Npm, PackageFamily.PyPI, PackageFamily.Maven, PackageFamily.Go })
        {
            var ecosystem = PackageCatalog.PackageEcosystem(family);
            for (var index = 0; index < catalog.InventoryNames(family); index++)
            {
                var images = new HashSet<int>();
                for (var k = 0; k < PackageCatalog.VersionCount(family, index); k++)
                {
                    var key = Core.Model.PackageFacts.KeyOf(ecosystem, PackageCatalog.Name(family, index), PackageCatalog.Version(family, index, k));
                    images.UnionWith(imagesPerKey.GetValueOrDefault(key) ?? []);
                    if (images.Count >= size.Images / 100 && images.Count <= size.Images / 50)
                    {
                        apps.Add(new Target("app", family, index, k, key, images.Count));
                        break;
                    }
                }
            }
        }

        var bases = new List<Target>();
        foreach (var family in new[] { PackageFamily.Debian, PackageFamily.Alpine })
        {
            for (var source = 0; source < 130; source++)
            {
                for (var k = 0; k < PackageCatalog.VersionCount(family, source); k++)
                {
                    var images = inventory.ImagesWithBaseSource(family, source, k);
                    if (images >= size.Images / 20 && images <= size.Images / 5)
                    {
                        bases.Add(new Target("base", family, source, k, $"{PackageCatalog.PackageEcosystem(family)} source {PackageCatalog.Name(family, source)} ≤ #{k}", images));
                        break;
                    }
                }
            }
        }

        Console.WriteLine($"new advisories: {apps.Count} app-library candidates in 1–2% of images, {bases.Count} base-image candidates in 5–20%; 10 of each, spread");
        return [.. Spread(apps, 10), .. Spread(bases, 10)];
    }

    private static IEnumerable<Target> Spread(List<Target> candidates, int count) =>
        Enumerable.Range(0, Math.Min(count, candidates.Count)).Select(i => candidates[i * candidates.Count / Math.Min(count, candidates.Count)]);

    private static void DeleteStore(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>Peak resident memory: Linux's VmHWM, reset before each measured step (clear_refs 5); elsewhere the process peak.</summary>
    private static class Peak
    {
        public static string Kind => OperatingSystem.IsLinux() ? "VmHWM since the step began" : "process peak working set";

        public static void Reset()
        {
            if (OperatingSystem.IsLinux())
            {
                File.WriteAllText("/proc/self/clear_refs", "5");
            }
        }

        public static double Megabytes()
        {
            if (OperatingSystem.IsLinux())
            {
                var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }

            return Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
        }
    }
}
