using Tether.Scanner.Analyze;

namespace Tether.Scanner.Layers;

/// <summary>
/// What one walk (a layer tar, a directory tree) collects on its way: entries, whiteouts, packages, kept metadata files
/// and warnings, the warnings capped so a hostile input cannot grow them without bound.
/// </summary>
internal sealed class ScanCollector(string source, ScannerLimits limits)
{
    private int _warningsDropped;

    public string Source => source;
    public int Count { get; set; }
    public List<LayerEntry> Entries { get; } = [];
    public List<string> Whiteouts { get; } = [];
    public List<string> Opaque { get; } = [];
    public List<ScannedPackage> Packages { get; } = [];
    public Dictionary<string, byte[]> Kept { get; } = new(StringComparer.Ordinal);
    public List<string> Warnings { get; } = [];

    public void Warn(string warning)
    {
        if (Warnings.Count < limits.MaxWarnings)
        {
            Warnings.Add(warning);
        }
        else
        {
            _warningsDropped++;
        }
    }

    public LayerScan Result(string diffId, string? blobDigest, string compression, long bytes) => new(diffId)
    {
        BlobDigest = blobDigest,
        Compression = compression,
        UncompressedBytes = bytes,
        Entries = Entries,
        Whiteouts = Whiteouts,
        OpaqueDirectories = Opaque,
        Packages = Packages,
        KeptFiles = Kept,
        Warnings = _warningsDropped == 0 ? Warnings : [.. Warnings, $"… and {_warningsDropped:N0} more warnings"],
    };
}
