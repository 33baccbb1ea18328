using System.Diagnostics;
using System.Globalization;
using Tether.Core.Explore;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Storage.Postgres;
using Tether.Storage.Sqlite;

namespace Tether.Benchmarks;

/// <summary>
/// <c>query [pods] [runs] [--db postgres://…] [--store PATH]</c> (issue 5): every built-in explorer template on the
/// <see cref="ScaleBenchmark"/> inventory. The SQLite store is built once (or the scale benchmark's file reused) and kept
/// as <c>query-{pods}.db</c> (or <c>--store PATH</c>); with <c>--db</c> the same inventory is ingested into a fresh
/// PostgreSQL database <c>tether_query_{pods}</c> on that server on every run. Either way with scanner
/// findings added: every 10th image has one of 20 vulnerabilities (severities cycling critical → low, the critical
/// ones with a network/no-privilege/high-impact CVSS vector, i.e. RCE by the explorer's rule). Each template runs once
/// untimed, then N times (<c>runs</c>); p50/p95 and the row count are printed.
/// </summary>
public static class QueryBenchmark
{
    // postgres: a PostgreSQL server URL whose user may create databases (a fresh database is built on every run);
    // null for the SQLite file, which is built once and reused: `store` names it (default query-{pods}.db in directory).
    public static async Task RunAsync(int pods, int runs, string directory, string? postgres = null, string? store = null)
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        var size = InventorySize.Scaled(pods);
        var generator = new InventoryGenerator(size);
        await using var graph = postgres is null
            ? await OpenSqliteAsync(store ?? Path.Combine(directory, $"query-{pods}.db"), directory, pods, generator, size)
            : await BuildPostgresAsync(postgres, pods, generator, size);
        await MeasureAsync(graph, runs, generator);
    }

    private static async Task<IGraphStore> OpenSqliteAsync(string path, string directory, int pods, InventoryGenerator generator, InventorySize size)
    {
        Console.WriteLine($"store: SQLite file {path}");
        if (!File.Exists(path))
        {
            var clock = Stopwatch.StartNew();
            var scale = Path.Combine(directory, $"bench-{pods}.db");
            if (File.Exists(scale) && !File.Exists(scale + "-wal"))
            {
                File.Copy(scale, path);
            }
            else
            {
                await using var fresh = await SqliteGraphStore.OpenAsync(path, TimeProvider.System);
                await ScaleBenchmark.IngestAsync(fresh, generator.RegistryBatches(), generator.CiReports(), generator.ClusterDocuments());
            }

            await using (var store = await SqliteGraphStore.OpenAsync(path, TimeProvider.System))
            {
                await store.IngestAsync(Findings(generator, size));
            }

            Console.WriteLine($"setup: {clock.Elapsed.TotalSeconds:0.0} s");
        }
        else
        {
            Console.WriteLine($"setup: reusing {path}");
        }

        return await SqliteGraphStore.OpenAsync(path, TimeProvider.System);
    }

    /// <summary>The same inventory and findings, ingested as the scale benchmark does into a fresh database.</summary>
    private static async Task<IGraphStore> BuildPostgresAsync(string server, int pods, InventoryGenerator generator, InventorySize size)
    {
        Console.WriteLine($"store: {PostgresConnectionString.Redact(server)}, fresh database tether_query_{pods}");
        var database = await ScaleBenchmark.CreateDatabaseAsync(server, $"tether_query_{pods}");
        var store = await PostgresGraphStore.OpenAsync(database, TimeProvider.System);
        var clock = Stopwatch.StartNew();
        await ScaleBenchmark.IngestAsync(store, generator.RegistryBatches(), generator.CiReports(), generator.ClusterDocuments());
        await store.IngestAsync(Findings(generator, size));
        var seconds = clock.Elapsed.TotalSeconds;
        var megabytes = await ScaleBenchmark.DatabaseBytesAsync(database) / 1048576.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setup: {seconds:0.0} s (generate + ingest), database {megabytes:0} MB"));
        return store;
    }

    private static async Task MeasureAsync(IGraphStore graph, int runs, InventoryGenerator generator)
    {
        var counts = await graph.CountAsync();
        Console.WriteLine($"store: {counts.NodesByKind.Values.Sum()} nodes, {counts.Edges} edges");
        // What a process pays once per store generation: reading the whole graph's structure into memory.
        var reads = new List<double>();
        long bytes = 0;
        for (var i = 0; i < 3; i++)
        {
            var read = Stopwatch.StartNew();
            var topology = await graph.ReadTopologyAsync(TopologyRequest.Default);
            reads.Add(read.Elapsed.TotalMilliseconds);
            bytes = topology.ApproximateBytes;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"topology read: p50 {ScaleBenchmark.Percentile(reads, 50):0} ms (3 reads), ≈ {bytes / 1024.0 / 1024.0:0} MB held"));

        var explorer = new Explorer(graph, topology: new GraphTopologyCache(graph));
        var limits = QueryLimits.Default with { Timeout = TimeSpan.FromMinutes(5) };
        Console.WriteLine("template                                             total   first_ms p50_ms   p95_ms");
        foreach (var template in QueryTemplates.All)
        {
            var firstClock = Stopwatch.StartNew();
            var first = await explorer.RunTextAsync(template.Query, limits);
            var firstMs = firstClock.Elapsed.TotalMilliseconds;
            var times = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var clock = Stopwatch.StartNew();
                await explorer.RunTextAsync(template.Query, limits);
                times.Add(clock.Elapsed.TotalMilliseconds);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{template.Name,-52} {first.Total,-7} {firstMs,-8:0.0} {ScaleBenchmark.Percentile(times, 50),-8:0.0} {ScaleBenchmark.Percentile(times, 95),-8:0.0}"));
        }

        // A store that keeps changing (a scanner reporting one image at a time): each query after an ingest brings the
        // topology up to date by reading only the changed rows. Timed: the ingest, then the first query after it.
        var cache = new GraphTopologyCache(graph);
        var changing = new Explorer(graph, topology: cache);
        await changing.RunTextAsync(QueryTemplates.All[1].Query, limits);
        var ingests = new List<double>();
        var refreshes = new List<double>();
        var queries = new List<double>();
        for (var i = 0; i < Math.Max(5, runs); i++)
        {
            var clock = Stopwatch.StartNew();
            await graph.IngestAsync(OneReport(generator, i));
            ingests.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            await cache.GetAsync();
            refreshes.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            await changing.RunTextAsync(QueryTemplates.All[1].Query, limits);
            queries.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"after each one-image scanner report ({ingests.Count} rounds): ingest p50 {ScaleBenchmark.Percentile(ingests, 50):0.0} ms, topology update p50 {ScaleBenchmark.Percentile(refreshes, 50):0.0} ms, then {QueryTemplates.All[1].Name} p50 {ScaleBenchmark.Percentile(queries, 50):0.0} ms"));
    }

    /// <summary>A scanner report on one image: one new critical vulnerability found in it.</summary>
    private static GraphBatch OneReport(InventoryGenerator generator, int round)
    {
        var now = new DateTimeOffset(2026, 1, 16, 12, 0, 0, TimeSpan.Zero).AddMinutes(round);
        var batch = new GraphBatch("bench-trivy", now);
        var digest = generator.ImageDigest(round * 7 + 3);
        var vulnerability = batch.Add(new VulnerabilityFacts($"CVE-2026-9{round:000}") { Severity = "CRITICAL", CvssVector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" });
        var image = batch.Add(new ImageFacts(digest));
        var finding = batch.Add(new FindingFacts(digest, "pkg:npm/late@1.0.0", vulnerability.Id) { PackageName = "late", InstalledVersion = "1.0.0" });
        var evidence = new Evidence("bench-trivy", EvidenceMethods.ScannerReport, 1, now, "sha256:" + digest[7..]);
        batch.Link(image, EdgeTypes.HasFinding, finding, evidence);
        batch.Link(finding, EdgeTypes.OfVulnerability, vulnerability, evidence);
        return batch;
    }

    private static GraphBatch Findings(InventoryGenerator generator, InventorySize size)
    {
        var now = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
        var batch = new GraphBatch("bench-trivy", now);
        string[] severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];
        var vulnerabilities = Enumerable.Range(0, 20).Select(v => batch.Add(new VulnerabilityFacts($"CVE-2026-{1000 + v}")
        {
            Severity = severities[v % 4],
            CvssVector = v % 4 == 0 ? "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" : "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
        })).ToList();
        for (var i = 0; i < size.Images; i += 10)
        {
            var digest = generator.ImageDigest(i);
            var vulnerability = vulnerabilities[i / 10 % vulnerabilities.Count];
            var image = batch.Add(new ImageFacts(digest));
            var finding = batch.Add(new FindingFacts(digest, $"pkg:npm/lib-{i % 300}@1.0.{i % 7}", vulnerability.Id) { PackageName = $"lib-{i % 300}", InstalledVersion = $"1.0.{i % 7}" });
            var evidence = new Evidence("bench-trivy", EvidenceMethods.ScannerReport, 1, now, "sha256:" + digest[7..]);
            batch.Link(image, EdgeTypes.HasFinding, finding, evidence);
            batch.Link(finding, EdgeTypes.OfVulnerability, vulnerability, evidence);
        }

        return batch;
    }
}
