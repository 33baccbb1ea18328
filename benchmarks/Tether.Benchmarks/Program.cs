using System.Globalization;
using BenchmarkDotNet.Running;
using Tether.Benchmarks;

// `scale [pods…] [--db postgres://…]` runs the whole-system scale benchmark (on SQLite files, or on fresh databases
// created on that PostgreSQL server); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "scale")
{
    var db = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault();
    var sizes = args.Skip(1).Where(a => a != "--db" && a != db).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList();
    var directory = Path.Combine(Path.GetTempPath(), "tether-bench");
    Directory.CreateDirectory(directory);
    await ScaleBenchmark.RunAsync(sizes.Count > 0 ? sizes : [1_000, 10_000, 100_000], traces: 200, directory, db);
    return 0;
}

// `osv-import [records]` generates an OSV all.zip and times its import; `osv-generate N FILE` only writes the zip.
if (args.Length > 0 && args[0] == "osv-import")
{
    var directory = Path.Combine(Path.GetTempPath(), "tether-bench");
    Directory.CreateDirectory(directory);
    await OsvImportBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000, directory);
    return 0;
}

// `scan [MB]` compares the scanner's layer read with gzip -dc and times cold and cached image scans.
if (args.Length > 0 && args[0] == "scan")
{
    var directory = Path.Combine(Path.GetTempPath(), "tether-bench");
    Directory.CreateDirectory(directory);
    await ScanBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1024, directory);
    return 0;
}

// `match [packages] [advisories] [--rebuild] [--skip-full]`: full re-match, then new advisories to running workloads (issue #3).
if (args.Length > 0 && args[0] == "match")
{
    var directory = Path.Combine(Path.GetTempPath(), "tether-bench");
    Directory.CreateDirectory(directory);
    var numbers = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList();
    await MatchBenchmark.RunAsync(numbers.ElementAtOrDefault(0) is > 0 and var p ? p : 100_000, numbers.ElementAtOrDefault(1) is > 0 and var a ? a : 300_000, directory, args.Contains("--rebuild"), !args.Contains("--skip-full"));
    return 0;
}

// `recommend [runs] [cluster|all…]`: recommendations on the matched 100k-pod store kept by `match` (issue #5).
if (args.Length > 0 && args[0] == "recommend")
{
    var store = Environment.GetEnvironmentVariable("TETHER_BENCH_STORE") ?? Path.Combine(Path.GetTempPath(), "tether-bench", "match-100000-300000.matched.db");
    var runs = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var n) ? n : 5;
    var scopes = args.Skip(2).Select(a => a == "all" ? null : a).ToList();
    await RecommendBenchmark.RunAsync(store, runs, scopes.Count > 0 ? scopes : ["cluster-000"]);
    return 0;
}

// `query [pods] [runs] [--db postgres://…] [--store PATH]`: every explorer template on the scale inventory with scanner
// findings (issue #5), on SQLite (query-{pods}.db, or the file --store names) or on a fresh database on that PostgreSQL server.
if (args.Length > 0 && args[0] == "query")
{
    var directory = Path.Combine(Path.GetTempPath(), "tether-bench");
    Directory.CreateDirectory(directory);
    var db = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault();
    var store = args.SkipWhile(a => a != "--store").Skip(1).FirstOrDefault();
    var numbers = args.Skip(1).Where(a => a is not "--db" and not "--store" && a != db && a != store).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList();
    await QueryBenchmark.RunAsync(numbers.ElementAtOrDefault(0) is > 0 and var p ? p : 100_000, numbers.ElementAtOrDefault(1) is > 0 and var r ? r : 10, directory, db, store);
    return 0;
}

if (args.Length > 2 && args[0] == "osv-generate")
{
    OsvExportGenerator.Write(args[2], int.Parse(args[1], CultureInfo.InvariantCulture));
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(InventoryGenerator).Assembly).Run(args);
return 0;
