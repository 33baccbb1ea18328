using Tether.Scanner.Analyze;

namespace Tether.Scanner.Tests.Analyze.Os;

/// <summary>Compares packages by value, lists included (records compare lists by reference).</summary>
internal sealed class PackageComparer : IEqualityComparer<ScannedPackage?>
{
    public static readonly PackageComparer Instance = new();

    public bool Equals(ScannedPackage? x, ScannedPackage? y) =>
        x is not null && y is not null && Text(x) == Text(y);

    public int GetHashCode(ScannedPackage? obj) => obj is null ? 0 : Text(obj).GetHashCode(StringComparison.Ordinal);

    private static string Text(ScannedPackage p) =>
        $"{p.Type}|{p.Namespace}|{p.Name}|{p.Version}|{p.Epoch}|{p.Architecture}|{p.SourceName}|{p.SourceVersion}|{p.Path}|{string.Join(',', p.Licenses)}|{string.Join(',', p.Files)}";
}
