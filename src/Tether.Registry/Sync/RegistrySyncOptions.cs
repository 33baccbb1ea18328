using Tether.Core.Graph;

namespace Tether.Registry.Sync;

/// <summary>What a sync reads and how hard it pushes the registry.</summary>
public sealed record RegistrySyncOptions
{
    /// <summary>Only these tags (fetched directly, without listing); null or empty syncs every tag.</summary>
    public IReadOnlyCollection<string>? Tags { get; init; }

    /// <summary>Tags resolved at once, across all repositories of one <see cref="RegistrySync"/>.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Drives the batches' observation time.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Reads SLSA provenance found in BuildKit attestation manifests into pipeline and source facts.</summary>
    public IProvenanceReader? Provenance { get; init; }

    public RegistryLimits Limits { get; init; } = RegistryLimits.Default;

    /// <summary>
    /// Images already stored by an earlier sync (e.g. <see cref="StoredImages"/>): their tags are re-pointed and their
    /// repositories updated without fetching manifests, configs or attestations again. Null fetches everything.
    /// </summary>
    public IKnownImages? Known { get; init; }

    /// <summary>
    /// Whether a sync of every tag (no <see cref="Tags"/>) declares its batch the complete set of the repository's tags,
    /// so stored tags the registry no longer lists are ended. Off for OCI layouts: a layout recorded under a registry's
    /// name holds the tags someone exported, not every tag the registry has.
    /// </summary>
    public bool EndUnlistedTags { get; init; } = true;
}
