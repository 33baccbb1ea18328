namespace Tether.Scanner.Analyze;

/// <summary>What an analyzer found in one file: the packages, and the records it skipped with the reason.</summary>
public sealed record FileAnalysis(IReadOnlyList<ScannedPackage> Packages, IReadOnlyList<AnalyzerWarning> Warnings);

/// <summary>
/// A record an analyzer skipped: <paramref name="Path"/> is the file, <paramref name="Field"/> where in it
/// (<c>line 12</c>, <c>Packages hnum 7</c>), <paramref name="Message"/> why.
/// </summary>
public sealed record AnalyzerWarning(string Path, string? Field, string Message)
{
    public override string ToString() => Field is null ? $"{Path}: {Message}" : $"{Path}: {Field}: {Message}";
}
