using Tether.Scanner.Analyze;

namespace Tether.Scanner.Layers;

/// <summary>
/// What one layer holds, independent of the layers around it, so it can be cached by diff id and shared by every
/// image that has the layer: its entries, its whiteouts, the packages analyzers found in its files, and the small
/// metadata files (os-release…) the image's OS release is read from.
/// </summary>
public sealed record LayerScan(string DiffId)
{
    /// <summary>sha256 of the blob as read (compressed), when the caller did not already know it.</summary>
    public string? BlobDigest { get; init; }

    /// <summary>Compression the blob used: <c>gzip</c>, <c>zstd</c> or <c>none</c>.</summary>
    public string Compression { get; init; } = "none";

    public long UncompressedBytes { get; init; }

    /// <summary>Every entry (files, directories, links, special files) in tar order.</summary>
    public IReadOnlyList<LayerEntry> Entries { get; init; } = [];

    /// <summary>Paths this layer deletes from the layers below (<c>.wh.NAME</c>).</summary>
    public IReadOnlyList<string> Whiteouts { get; init; } = [];

    /// <summary>Directories whose lower-layer contents this layer hides (<c>.wh..wh..opq</c>).</summary>
    public IReadOnlyList<string> OpaqueDirectories { get; init; } = [];

    /// <summary>Packages found in this layer's files, each with <see cref="ScannedPackage.Path"/> set to its file.</summary>
    public IReadOnlyList<ScannedPackage> Packages { get; init; } = [];

    /// <summary>Small files kept whole for later reading (the OS release files), by path.</summary>
    public IReadOnlyDictionary<string, byte[]> KeptFiles { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>Entries skipped or files not analyzed, and why (path escapes, over limits, analyzer errors).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

public enum LayerEntryKind
{
    File,
    Directory,
    Symlink,
    Hardlink,
    Special,
}

/// <summary>One entry of a layer: its normalized path, kind, size and mode, and for executables the sha256 of its content.</summary>
public sealed record LayerEntry(string Path, LayerEntryKind Kind, long Size, int Mode)
{
    /// <summary>Symlink or hardlink target as written in the tar (not resolved, never followed while reading).</summary>
    public string? LinkTarget { get; init; }

    /// <summary><c>sha256:…</c> of the content of regular files with an executable bit (for binary-drift checks).</summary>
    public string? Sha256 { get; init; }

    public bool IsExecutable => Kind == LayerEntryKind.File && (Mode & 0b001_001_001) != 0;
}
