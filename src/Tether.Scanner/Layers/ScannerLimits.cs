namespace Tether.Scanner.Layers;

/// <summary>
/// Bounds on what a layer may make the scanner do: a hostile image (decompression bomb, millions of entries, giant
/// paths) is cut off with a clear error instead of exhausting memory, disk or time.
/// </summary>
public sealed record ScannerLimits
{
    public static readonly ScannerLimits Default = new();

    /// <summary>Uncompressed bytes one layer may expand to (a gzip bomb stops here).</summary>
    public long MaxLayerBytes { get; init; } = 32L * 1024 * 1024 * 1024;

    public int MaxEntries { get; init; } = 2_000_000;

    public int MaxPathLength { get; init; } = 4_096;

    /// <summary>Executables larger than this are listed without a content hash.</summary>
    public long MaxHashedFileBytes { get; init; } = 1L * 1024 * 1024 * 1024;

    /// <summary>Size of each kept metadata file (os-release and the like).</summary>
    public int MaxKeptFileBytes { get; init; } = 64 * 1024;

    /// <summary>Warnings kept per layer; beyond, they are counted.</summary>
    public int MaxWarnings { get; init; } = 200;
}
