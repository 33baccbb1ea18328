namespace Tether.Scanner.Analyze.Language;

/// <summary>Bounds that keep hostile files from exhausting memory or time; far above what real projects reach.</summary>
internal static class LanguageLimits
{
    /// <summary>Most packages one file may name (the largest real lock files hold a few thousand).</summary>
    public const int MaxPackagesPerFile = 100_000;

    /// <summary>Longest name or version kept; longer values are not real package coordinates.</summary>
    public const int MaxFieldLength = 1024;

    /// <summary>Most licenses kept per package.</summary>
    public const int MaxLicenses = 16;
}
