using Tether.Core.Trace;

namespace Tether.Core.Recommend;

/// <summary>
/// The answer to <c>tether recommend</c> (and the REST endpoint): fix actions ranked by the priority of what they
/// remove, and the findings no published fix removes yet, grouped per package with their exposure. JSON-serializable.
/// </summary>
public sealed record RecommendationReport(
    RecommendationScope Scope,
    IReadOnlyList<Recommendation> Recommendations,
    IReadOnlyList<Recommendation> NoFix)
{
    /// <summary>The findings the actions were grouped from, by priority level, with the most urgent ones (null: not computed).</summary>
    public RunningFindingsSummary? Findings { get; init; }
}

/// <summary>What was looked at: the filters, the running images and their findings, and how many groups exist before the limit.</summary>
public sealed record RecommendationScope(
    string? Cluster,
    string? Repository,
    int? Limit,
    int RunningImages,
    int Findings,
    int FixActions,
    int NoFixGroups);

/// <summary>The filters of a recommendation run.</summary>
public sealed record RecommendationQuery(string? Cluster = null, string? Repository = null, int? Limit = null)
{
    /// <summary>How many fix actions (and no-fix groups) a list shows unless told otherwise: the API's default and the web page's.</summary>
    public const int ListLimit = 20;

    /// <summary>A list's query from request parameters: blank filters mean none.</summary>
    public static RecommendationQuery ForList(string? cluster, string? repository, int limit = ListLimit) =>
        new(string.IsNullOrWhiteSpace(cluster) ? null : cluster.Trim(), string.IsNullOrWhiteSpace(repository) ? null : repository.Trim(), limit);
}

/// <summary>
/// One fix action: what an owner does once to remove many findings (or, for <see cref="RecommendationActions.Mitigate"/>,
/// one package with no published fix and where it runs).
/// </summary>
public sealed record Recommendation(
    int Rank,
    string Id,
    string Title,
    string Action,
    RecommendationOwner? Owner,
    FixPackage Package,
    FixLocation Where,
    FixChange Change,
    RecommendationPriority Priority,
    IReadOnlyList<RecommendedVulnerability> Vulnerabilities,
    IReadOnlyList<AffectedWorkload> Workloads,
    IReadOnlyList<string> Clusters,
    int Pods,
    int InternetExposedPods,
    IReadOnlyList<RecommendedImage> Images,
    IReadOnlyList<string> Notes);

/// <summary>The kinds of action.</summary>
public static class RecommendationActions
{
    /// <summary>The package came with the base image: rebuild on a newer base (the FROM line).</summary>
    public const string BaseImage = "base-image";
    /// <summary>An OS package installed by the image's own layer (a RUN line): upgrade it there.</summary>
    public const string OsPackage = "os-package";
    /// <summary>A language package from the image's own manifest (package.json, requirements, pom.xml…): bump it.</summary>
    public const string LanguagePackage = "language-package";
    /// <summary>Nothing says which layer or Dockerfile line holds the package: upgrade it in the image.</summary>
    public const string Image = "image";
    /// <summary>No fixed version is published: reduce exposure until one is.</summary>
    public const string Mitigate = "mitigate";
}

/// <summary>
/// Who owns the fix: the source repository the images were built from (pipeline run or OCI labels), or, when nothing
/// links them to a repository, the registry repository they are pushed to (<see cref="Repository"/> null).
/// </summary>
public sealed record RecommendationOwner(string? Repository, string? RepositoryUrl, string? ImageRepository);

/// <summary>
/// The package to change: the source package for distro packages (the unit a distro fixes), with the binary packages
/// installed from it; the version that clears every grouped CVE (the highest fixed version needed, by the ecosystem's
/// own ordering), or null with a note when the fixed versions could not be ordered.
/// </summary>
public sealed record FixPackage(
    string Ecosystem,
    string Name,
    string? SourcePackage,
    IReadOnlyList<string> BinaryPackages,
    IReadOnlyList<string> InstalledVersions,
    string? TargetVersion,
    IReadOnlyList<string> FixedVersions);

/// <summary>Where the fix happens: the Dockerfile line (FROM for base images), with its link when known.</summary>
public sealed record FixLocation(
    string Kind,
    string? DockerfilePath,
    int? Line,
    string? Instruction,
    string? Url,
    string? BaseImage,
    string? Attribution,
    double? Confidence,
    string? Commit,
    string? CommitUrl,
    string? PipelineRun,
    string? PipelineRunUrl);

/// <summary>The change to make: one sentence, the commands to run, and what else to know.</summary>
public sealed record FixChange(string Summary, IReadOnlyList<string> Commands, IReadOnlyList<string> Notes);

/// <summary>
/// How urgent the action is, from the grouped findings' own priorities (<see cref="PriorityScorer"/>): the highest one
/// (the most urgent finding the action removes) ranks first, the sum over the distinct CVEs of their highest priority
/// breaks ties; <see cref="Why"/> says which finding decided and its factors.
/// </summary>
public sealed record RecommendationPriority(
    string Level,
    double Score,
    double Sum,
    string TopVulnerability,
    string TopImage,
    IReadOnlyList<PriorityFactor> Factors,
    string Why);

/// <summary>One CVE the action removes (or, for a mitigation, leaves open), with its links and exploit signals.</summary>
public sealed record RecommendedVulnerability(
    string Id,
    IReadOnlyList<string> Aliases,
    string Severity,
    double? CvssScore,
    string? Title,
    KevView? Kev,
    EpssView? Epss,
    string? FixedVersion,
    IReadOnlyList<string> Packages,
    double Priority,
    string PriorityLevel,
    IReadOnlyList<string> Links);

/// <summary>An image the action changes: its digest, the tag it runs as, what built it, and how many pods run it.</summary>
public sealed record RecommendedImage(
    string Digest,
    string? Reference,
    string? Repository,
    string? Commit,
    string? CommitUrl,
    string? PipelineRun,
    string? PipelineRunUrl,
    int Pods);
