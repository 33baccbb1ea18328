using Tether.Scanner.Analyze;
using Tether.Testing;

namespace Tether.Scanner.Tests.Analyze.Os.Rpm;

/// <summary>Asks the real rpm what a database holds, and formats the analyzers' packages the same way.</summary>
internal static class RpmQuery
{
    private const string PackageFormat = "%{NAME}\t%{EPOCHNUM}\t%{VERSION}-%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\t%{LICENSE}\n";
    private const string FileFormat = "[%{=NAME}\t%{FILENAMES}\n]";

    /// <summary>One line per package and one per file, from <c>rpm --dbpath</c> on a copy of <paramref name="database"/>.</summary>
    public static async Task<(List<string> Packages, List<string> Files)> RunAsync(string database, string backend)
    {
        using var dbPath = new TempDirectory();
        File.Copy(database, Path.Combine(dbPath.Path, Path.GetFileName(database)));
        string[] common = ["--dbpath", dbPath.Path, "--define", $"_db_backend {backend}", "-qa", "--qf"];
        var packages = await ReferenceTool.RunAsync("/usr/bin/rpm", [.. common, PackageFormat]);
        var files = await ReferenceTool.RunAsync("/usr/bin/rpm", [.. common, FileFormat]);
        return (Lines(packages), Lines(files));
    }

    public static List<string> Packages(IEnumerable<ScannedPackage> packages) =>
        [.. packages.Select(p => string.Join('\t', p.Name, p.Epoch ?? 0, p.Version, p.Architecture ?? "(none)", $"{p.SourceName}-{p.SourceVersion}.src.rpm", p.Licenses.Single())).Order(StringComparer.Ordinal)];

    public static List<string> Files(IEnumerable<ScannedPackage> packages) =>
        [.. packages.SelectMany(p => p.Files.Select(f => $"{p.Name}\t/{f}")).Order(StringComparer.Ordinal)];

    // gpg-pubkey entries are keys, not packages: the analyzers leave them out, so the reference does too.
    private static List<string> Lines(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("gpg-pubkey\t", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
}
