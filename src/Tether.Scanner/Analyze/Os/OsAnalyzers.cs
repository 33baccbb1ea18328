using Tether.Scanner.Analyze.Os.Apk;
using Tether.Scanner.Analyze.Os.Dpkg;
using Tether.Scanner.Analyze.Os.Rpm;

namespace Tether.Scanner.Analyze.Os;

/// <summary>The OS package analyzers, for the scanner to compose with the language ones.</summary>
public static class OsAnalyzers
{
    public static IReadOnlyList<IFileAnalyzer> All { get; } =
    [
        new DpkgStatusAnalyzer(),
        new ApkInstalledAnalyzer(),
        new RpmSqliteAnalyzer(),
        new RpmBerkeleyDbAnalyzer(),
        new RpmNdbAnalyzer(),
    ];
}
