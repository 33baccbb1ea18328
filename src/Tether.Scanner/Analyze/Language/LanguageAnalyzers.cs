using Tether.Scanner.Analyze.Language.DotNet;
using Tether.Scanner.Analyze.Language.Go;
using Tether.Scanner.Analyze.Language.Java;
using Tether.Scanner.Analyze.Language.Npm;
using Tether.Scanner.Analyze.Language.Python;
using Tether.Scanner.Analyze.Language.Ruby;
using Tether.Scanner.Analyze.Language.Rust;

namespace Tether.Scanner.Analyze.Language;

/// <summary>The language-ecosystem analyzers, composed in one place (one per file kind).</summary>
public static class LanguageAnalyzers
{
    /// <summary>
    /// Every language analyzer. <see cref="GoBinaryAnalyzer"/> and <see cref="CargoAuditableAnalyzer"/> are also
    /// <see cref="IContentSniffingAnalyzer"/>s: the walker checks a file's first bytes before handing them whole files.
    /// </summary>
    public static IReadOnlyList<IFileAnalyzer> All { get; } =
    [
        new NpmPackageJsonAnalyzer(),
        new NpmLockAnalyzer(),
        new YarnLockAnalyzer(),
        new PythonMetadataAnalyzer(),
        new DotNetDepsAnalyzer(),
        new GoBinaryAnalyzer(),
        new CargoAuditableAnalyzer(),
        new JavaArchiveAnalyzer(),
        new GemspecAnalyzer(),
    ];
}
