using Tether.Core.Trace;

namespace Tether.Core.Recommend;

/// <summary>
/// One image a current container runs, traced once (its chain: runtime, registry, pipeline, source, blast radius), with
/// its owner and the findings lists of its layers (<see cref="Slots"/>). Everything a fix action needs from an image
/// comes from here; everything it needs from a finding comes from the shared <see cref="FindingTemplate"/>s.
/// </summary>
internal sealed class RunningImage
{
    public RunningImage(int index, TraceEngine.Chain chain, Risk.PriorityWeights weights)
    {
        Index = index;
        Chain = chain;
        Digest = chain.Registry?.Digest ?? chain.Runtime.Select(r => r.ImageDigest).FirstOrDefault() ?? RecommendationGrouper.Unknown;
        Family = chain.Family.Min(n => n.Id);
        Reference = chain.Registry?.References is { Count: > 0 } references ? (references.FirstOrDefault(r => r.Current) ?? references[0]).Reference : null;
        var imageRepository = Reference is { } reference ? WithoutTag(reference) : null;
        Owner = chain.Source?.Layer is { } s
            ? new RecommendationOwner(s.Repository, s.RepositoryUrl, imageRepository)
            : new RecommendationOwner(null, null, imageRepository);
        OwnerKey = Owner.Repository ?? "image:" + (imageRepository ?? Digest);
        RuntimePoints = chain.BlastRadius.Pods == 0 ? 0 : PriorityScorer.RuntimePoints(chain.BlastRadius, weights);
    }

    /// <summary>Position among the running images (ordered by digest key), the order a trace reads them in.</summary>
    public int Index { get; }

    public TraceEngine.Chain Chain { get; }

    /// <summary>The image as recommendations name it: the registry digest, else the digest containers report.</summary>
    public string Digest { get; }

    /// <summary>The lowest node id of the image's family (index and platform manifests): a finding counts once per family.</summary>
    public long Family { get; }

    /// <summary>The tag it runs as (the current one, else the first known).</summary>
    public string? Reference { get; }

    public RecommendationOwner Owner { get; }

    /// <summary>The owner repository, or the registry repository (<c>image:…</c>) when no source is linked.</summary>
    public string OwnerKey { get; }

    public BlastRadius BlastRadius => Chain.BlastRadius;

    public int Pods => Chain.BlastRadius.Pods;

    /// <summary>The runtime part of every finding's priority in this image (<see cref="PriorityScorer.RuntimePoints"/>).</summary>
    public double RuntimePoints { get; }

    /// <summary>The image's findings, one list per layer (its SOURCE layer attributed to that layer's Dockerfile line).</summary>
    public List<ImageSlot> Slots { get; } = [];

    /// <summary>The CI run as shown in a fix action (<c>workflow run #N</c>).</summary>
    public string? PipelineRun => Chain.Pipeline is { } p ? $"{p.Workflow ?? p.System} run #{p.RunNumber ?? p.RunId}" : null;

    /// <summary><c>registry/repo:tag</c> or <c>registry/repo@sha256:…</c> → <c>registry/repo</c>.</summary>
    private static string WithoutTag(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var name = at >= 0 ? reference[..at] : reference;
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name[..colon] : name;
    }
}

/// <summary>
/// One findings list of one image, where its fix happens: the image's SOURCE layer with the Dockerfile line the list's
/// layer is attributed to (as the trace attributes each finding of that layer), and the placement read from it.
/// </summary>
internal sealed record ImageSlot(RunningImage Image, FindingList Findings, SourceLayer? Source, Placement Place);

/// <summary>
/// Where a fix happens, from the Dockerfile attribution: the FROM line (base image), the image's own instruction, or
/// unknown (no Dockerfile, no layer, confidence 0). <see cref="Key"/> is the grouping key's location part.
/// </summary>
internal sealed record Placement(bool FromBase, bool Attributed, string Key)
{
    public static Placement Of(SourceLayer? source)
    {
        var dockerfile = source?.Dockerfile;
        var attributed = dockerfile is { Line: not null, Confidence: > 0, Instruction: not null };
        var fromBase = attributed && dockerfile!.Instruction!.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase);
        var key = fromBase ? $"base\n{dockerfile!.Path}\n{dockerfile.BaseImage}"
            : attributed ? $"line\n{dockerfile!.Path}\n{dockerfile.Line}\n{RecommendationGrouper.Instruction(dockerfile.Instruction)}"
            : RecommendationGrouper.Unknown;
        return new Placement(fromBase, attributed, key);
    }

    /// <summary>The kind of action for a package of <paramref name="ecosystem"/> placed here.</summary>
    public string Action(PackageEcosystem ecosystem) =>
        FromBase ? RecommendationActions.BaseImage
        : !ecosystem.IsDistro ? RecommendationActions.LanguagePackage
        : Attributed ? RecommendationActions.OsPackage
        : RecommendationActions.Image;
}
