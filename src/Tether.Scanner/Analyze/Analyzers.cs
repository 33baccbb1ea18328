namespace Tether.Scanner.Analyze;

/// <summary>Every analyzer the scanner runs: OS package databases, then language packages.</summary>
public static class Analyzers
{
    public static IReadOnlyList<IFileAnalyzer> All { get; } = [.. Os.OsAnalyzers.All, .. Language.LanguageAnalyzers.All];
}
