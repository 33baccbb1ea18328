using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Microsoft.Data.Sqlite;
using Tether.Storage.Sqlite;
using Tether.Vulnerabilities.Advisories.Import;
using Tether.Vulnerabilities.Advisories.Parse;

namespace Tether.Benchmarks;

/// <summary>
/// <c>osv-import N</c>: writes a generated all.zip of N records (untimed), then imports it into a fresh SQLite
/// store through <see cref="OsvImporter"/> (timed), then re-imports it unchanged (timed: the incremental case),
/// then again with OSV's modified_id.csv beside it (timed: only changed records are read), and reports
/// records/s, the database size and the process's peak working set.
/// </summary>
public static class OsvImportBenchmark
{
    public static async Task RunAsync(int records, string directory)
    {
        var zip = Path.Combine(directory, $"osv-{records}.zip");
        var indexFile = Path.Combine(directory, "modified_id.csv");
        File.Delete(indexFile);
        var index = OsvExportGenerator.Write(zip, records);

        var db = Path.Combine(directory, $"osv-{records}.db");
        foreach (var file in Directory.GetFiles(directory, $"osv-{records}.db*"))
        {
            File.Delete(file);
        }

        // Reading and parsing alone, to tell the parser's share from the store's.
        var parse = Stopwatch.StartNew();
        var cpu = Cpu();
        var parsed = 0;
        await using (var file = File.OpenRead(zip))
        using (var archive = new ZipArchive(file, ZipArchiveMode.Read))
        {
            foreach (var entry in archive.Entries)
            {
                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                parsed += OsvDocumentParser.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), entry.FullName).Advisories.Count;
            }
        }

        var parseSeconds = parse.Elapsed.TotalSeconds;
        var parseCpu = Cpu() - cpu;
        var store = await SqliteAdvisoryStore.OpenAsync(db, TimeProvider.System);
        var importer = new OsvImporter(store);
        var clock = Stopwatch.StartNew();
        cpu = Cpu();
        var first = await importer.ImportAsync([zip]);
        var firstSeconds = clock.Elapsed.TotalSeconds;
        var firstCpu = Cpu() - cpu;
        clock.Restart();
        cpu = Cpu();
        var second = await importer.ImportAsync([zip]);
        var secondSeconds = clock.Elapsed.TotalSeconds;
        var secondCpu = Cpu() - cpu;
        await File.WriteAllLinesAsync(indexFile, index);
        clock.Restart();
        cpu = Cpu();
        var third = await importer.ImportAsync([zip]);
        var thirdSeconds = clock.Elapsed.TotalSeconds;
        var thirdCpu = Cpu() - cpu;
        File.Delete(indexFile);
        var status = await store.GetStatusAsync();
        await store.DisposeAsync();
        SqliteConnection.ClearAllPools(); // the last connection to close checkpoints and removes the WAL
        var megabytes = Directory.GetFiles(directory, $"osv-{records}.db*").Sum(f => new FileInfo(f).Length) / 1048576.0;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"records {records}; zip {new FileInfo(zip).Length / 1048576.0:0.0} MB, {first.BytesRead / 1048576.0:0} MB JSON; " +
            $"parse only {parseSeconds:0.0} s wall / {parseCpu:0.0} s CPU ({parsed / parseSeconds:0} records/s); " +
            $"first import {firstSeconds:0.0} s wall / {firstCpu:0.0} s CPU ({records / firstSeconds:0} records/s: {first.Import.Created} created, {first.Import.Withdrawn} withdrawn); " +
            $"unchanged re-import {secondSeconds:0.0} s wall / {secondCpu:0.0} s CPU ({records / secondSeconds:0} records/s, {second.Import.Written} written); " +
            $"with modified_id.csv {thirdSeconds:0.0} s wall / {thirdCpu:0.0} s CPU ({third.SkippedByIndex} not read, {third.Import.Written} written); " +
            $"{status.Vulnerabilities} vulnerabilities, {status.Ecosystems.Sum(e => e.AffectedEntries)} affected entries; db {megabytes:0} MB; " +
            $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB"));
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
}
