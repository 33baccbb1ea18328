using System.Diagnostics;
using System.Globalization;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Core.Trace;
using Tether.Kubernetes;
using Tether.Kubernetes.Normalize;
using Tether.Kubernetes.Parse;
using Tether.Pipeline.CiReport;
using Npgsql;
using Tether.Storage.Postgres;
using Tether.Storage.Sqlite;

namespace Tether.Benchmarks;

/// <summary>
/// Whole-system run: generate an inventory's documents (untimed), then parse, normalize and ingest them
/// into a fresh SQLite file or PostgreSQL database (timed), then trace pods and images and report latency percentiles.
/// Prints one line per size so growth from 1k to 100k pods shows.
/// </summary>
public static class ScaleBenchmark
{
    // postgres: a PostgreSQL server URL whose user may create databases; null for SQLite files.
    public static async Task RunAsync(IReadOnlyList<int> podCounts, int traces, string directory, string? postgres = null)
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine($"store: {(postgres is null ? "SQLite file in " + directory : PostgresConnectionString.Redact(postgres))}");
        Console.WriteLine("pods      clusters images  runs    docs_MB  ingest_s  nodes     edges     db_MB   pod_p50_ms pod_p95_ms img_p50_ms img_p95_ms");
        foreach (var pods in podCounts)
        {
            var size = InventorySize.Scaled(pods);
            var path = Path.Combine(directory, $"bench-{pods}.db");
            // Only the SQLite run replaces its file: a PostgreSQL run must not delete a store others copy from.
            foreach (var file in postgres is null ? Directory.GetFiles(directory, $"bench-{pods}.db*") : [])
            {
                File.Delete(file);
            }

            var generator = new InventoryGenerator(size);
            var registry = generator.RegistryBatches().ToList();
            var ciReports = generator.CiReports().ToList();
            var clusters = generator.ClusterDocuments().ToList();
            var database = postgres is null ? null : await CreateDatabaseAsync(postgres, $"tether_bench_{pods}");
            await using var store = database is null
                ? await SqliteGraphStore.OpenAsync(path, TimeProvider.System)
                : await PostgresGraphStore.OpenAsync(database, TimeProvider.System);
            var clock = Stopwatch.StartNew();
            await IngestAsync(store, registry, ciReports, clusters);
            var ingest = clock.Elapsed.TotalSeconds;
            var documentMegabytes = (ciReports.Sum(r => (long)r.Length) + clusters.Sum(c => (long)c.Json.Length)) / 1048576.0;
            var counts = await store.CountAsync();
            var engine = new TraceEngine(store);
            var random = new Random(7);
            var podTimes = new List<double>();
            var imageTimes = new List<double>();
            for (var i = 0; i < traces; i++)
            {
                var cluster = random.Next(size.Clusters);
                var pod = random.Next(size.Pods / size.Clusters);
                var key = generator.PodKey(cluster, pod).Split('/');
                podTimes.Add(await TimeAsync(() => engine.TraceAsync($"pod/{key[1]}/{key[2]}", key[0])));
                imageTimes.Add(await TimeAsync(() => engine.TraceAsync(generator.ImageDigest(random.Next(size.PipelineRuns)))));
            }

            var megabytes = database is null
                ? Directory.GetFiles(directory, $"bench-{pods}.db*").Sum(f => new FileInfo(f).Length) / 1048576.0
                : await DatabaseBytesAsync(database) / 1048576.0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{pods,-9} {size.Clusters,-8} {size.Images,-7} {size.PipelineRuns,-7} {documentMegabytes,-8:0} {ingest,-9:0.0} {counts.NodesByKind.Values.Sum(),-9} {counts.Edges,-9} {megabytes,-7:0} " +
                $"{Percentile(podTimes, 50),-10:0.00} {Percentile(podTimes, 95),-10:0.00} {Percentile(imageTimes, 50),-10:0.00} {Percentile(imageTimes, 95),-10:0.00}"));
        }
    }

    /// <summary>Parses, normalizes and ingests an inventory's documents as the collectors do.</summary>
    public static async Task IngestAsync(
        IGraphStore store, IEnumerable<GraphBatch> registry, IEnumerable<byte[]> ciReports, IEnumerable<(string Cluster, byte[] Json)> clusters)
    {
        foreach (var batch in registry)
        {
            await store.IngestAsync(batch);
        }

        foreach (var chunk in ciReports.Chunk(5_000))
        {
            var batch = new GraphBatch("ci-report", DateTimeOffset.UtcNow);
            foreach (var payload in chunk)
            {
                CiReportIngest.AddTo(payload, "bench", batch);
            }

            await store.IngestAsync(batch);
        }

        foreach (var (cluster, json) in clusters)
        {
            var parsed = KubernetesManifestParser.Parse(json, cluster + ".json");
            var batch = new GraphBatch(KubernetesFiles.Collector, DateTimeOffset.UtcNow);
            KubernetesNormalizer.Normalize(new ClusterFacts(cluster), parsed.Items, batch);
            RuntimeSnapshot.Declare(batch, cluster, null);
            await store.IngestAsync(batch);
        }
    }

    /// <summary>Drops and creates <paramref name="name"/> on the server; returns its connection string.</summary>
    internal static async Task<string> CreateDatabaseAsync(string server, string name)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString.ToNpgsql(server));
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            foreach (var sql in new[] { $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", $"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'" })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }
        }

        builder.Database = name;
        return builder.ConnectionString;
    }

    internal static async Task<long> DatabaseBytesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<double> TimeAsync(Func<Task<TraceReport>> trace)
    {
        var clock = Stopwatch.StartNew();
        var report = await trace();
        if (report.Images.Count == 0)
        {
            throw new InvalidOperationException("trace resolved nothing: the generator and the trace disagree");
        }

        return clock.Elapsed.TotalMilliseconds;
    }

    internal static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
