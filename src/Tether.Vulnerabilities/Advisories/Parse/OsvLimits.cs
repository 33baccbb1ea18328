namespace Tether.Vulnerabilities.Advisories.Parse;

/// <summary>
/// Bounds for advisory input, which comes from the network. Generous for the real OSV exports (the largest
/// records, Ubuntu kernel entries with thousands of versions, are a few MB; a full all.zip holds a few hundred
/// thousand records) and small enough that a hostile archive cannot exhaust memory or disk.
/// </summary>
public sealed record OsvLimits
{
    public static readonly OsvLimits Default = new();

    /// <summary>One JSON document: a record file, a zip entry.</summary>
    public int MaxDocumentBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Records in one document holding an array of records.</summary>
    public int MaxRecordsPerDocument { get; init; } = 1_000_000;

    /// <summary><c>affected[]</c> entries in one record.</summary>
    public int MaxAffected { get; init; } = 10_000;

    /// <summary>Any other list in a record: versions, events, ranges, aliases, references.</summary>
    public int MaxListItems { get; init; } = 200_000;

    /// <summary>Entries in one zip archive.</summary>
    public int MaxZipEntries { get; init; } = 2_000_000;

    /// <summary>Bytes decompressed or read over a whole import: what a zip bomb would blow up.</summary>
    public long MaxTotalBytes { get; init; } = 16L * 1024 * 1024 * 1024;

    /// <summary>A downloaded file (an all.zip of every ecosystem is about 1 GB).</summary>
    public long MaxDownloadBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>A <c>modified_id.csv</c> index.</summary>
    public int MaxIndexBytes { get; init; } = 256 * 1024 * 1024;

    /// <summary>A KEV catalog (about 1.5 MB today) or an EPSS file after decompression (about 12 MB).</summary>
    public int MaxFeedBytes { get; init; } = 512 * 1024 * 1024;
}
