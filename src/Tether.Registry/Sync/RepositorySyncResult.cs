using Tether.Core.Graph;

namespace Tether.Registry.Sync;

/// <summary>
/// One repository's sync: the batch to store (all of it or none), and what it holds, for the user.
/// </summary>
public sealed record RepositorySyncResult(
    string Registry,
    string Repository,
    GraphBatch Batch,
    IReadOnlyList<SyncedTag> Tags,
    int Images,
    int Attestations,
    IReadOnlyList<string> SourceLinks,
    IReadOnlyList<SkippedItem> Skipped);

/// <summary>
/// A tag as stored: the digest it resolved to, its platforms and the attestations found for it.
/// <see cref="AlreadyStored"/>: the digest was known from an earlier sync and not fetched again.
/// </summary>
public sealed record SyncedTag(string Tag, string Digest, bool IsIndex, IReadOnlyList<string> Platforms, int Attestations, bool AlreadyStored = false);

/// <summary>Progress of one repository's tags.</summary>
public sealed record SyncProgress(string Repository, int TagsDone, int TagsTotal);
