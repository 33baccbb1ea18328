using Tether.Core.Trace;

namespace Tether.Core.Recommend;

/// <summary>
/// A finding without its image: the vulnerability (with KEV/EPSS) and the package as a trace shows them, and what the
/// grouping derives from them (ecosystem, source package, the fixed version it needs, the points of its priority that
/// do not depend on where it runs). Tether's own match of a package is the same in every image holding the package, so
/// one template serves every layer and image that holds it; a scanner's finding belongs to one image.
/// </summary>
internal sealed class FindingTemplate
{
    public FindingTemplate(long node, VulnerabilityView vulnerability, PackageView package, (int Finding, int Vulnerability) keys, IVersionOrder order, Risk.PriorityWeights weights)
    {
        Node = node;
        Vulnerability = vulnerability;
        Package = package;
        (Key, VulnerabilityKey) = keys;
        Ecosystem = PackageEcosystems.Of(package.Purl, package.Type) ?? new PackageEcosystem(package.Type ?? RecommendationGrouper.Unknown, false);
        Source = Ecosystem.IsDistro ? PackageEcosystems.SourceName(package.SourcePackage) ?? PackageEcosystems.UpstreamOf(package.Purl) : null;
        PackageKey = Source ?? package.Name;
        Needed = FixedVersions.Needed(order, Ecosystem.Name, package.Version, package.FixedVersion);
        Points = PriorityScorer.FindingPoints(vulnerability, package, weights);
    }

    /// <summary>The match (or scanner finding) node: reached twice in one image family, it is one finding.</summary>
    public long Node { get; }

    public VulnerabilityView Vulnerability { get; }

    /// <summary>The package; its <see cref="PackageView.LayerDiffId"/> is the list's (<see cref="FindingList"/>), not kept here.</summary>
    public PackageView Package { get; }

    /// <summary>(vulnerability, package name, version) as one number: in one image, findings with the same key are one finding.</summary>
    public int Key { get; }

    /// <summary>The vulnerability id as one number.</summary>
    public int VulnerabilityKey { get; }

    public PackageEcosystem Ecosystem { get; }

    public string? Source { get; }

    public string PackageKey { get; }

    public IReadOnlyList<string> Needed { get; }

    /// <summary>Severity, KEV, EPSS and fix points (<see cref="PriorityScorer.FindingPoints"/>).</summary>
    public double Points { get; }

    /// <summary>The order findings of one image are read in: highest priority first, then vulnerability id, then package name.</summary>
    public static int CompareUrgency(FindingTemplate a, FindingTemplate b)
    {
        var byPoints = b.Points.CompareTo(a.Points);
        if (byPoints != 0)
        {
            return byPoints;
        }

        var byId = string.CompareOrdinal(a.Vulnerability.Id, b.Vulnerability.Id);
        return byId != 0 ? byId : string.CompareOrdinal(a.Package.Name, b.Package.Name);
    }
}
