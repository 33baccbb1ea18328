using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Vulnerabilities.Reports.Parse;

namespace Tether.Vulnerabilities.Reports.Normalize;

/// <summary>
/// Turns parsed reports into graph facts in one batch: <c>image -has_finding-> finding -of_vulnerability-> vulnerability</c>,
/// every edge with evidence method <c>scanner-report</c> and the report's sha256 as document. Several reports can be
/// added to one batch; a vulnerability seen in more than one keeps every alias and the values each report adds.
/// </summary>
public sealed class ReportNormalizer(GraphBatch batch)
{
    /// <summary>The collector name on evidence and batches made from report files.</summary>
    public const string Collector = "report-file";

    /// <summary>A finding names its vulnerability; the edge is as certain as the finding itself.</summary>
    private const double FindingToVulnerabilityConfidence = 1.0;

    private readonly GraphBatch _batch = batch ?? throw new ArgumentNullException(nameof(batch));
    private readonly Dictionary<string, VulnerabilityFacts> _vulnerabilities = new(StringComparer.Ordinal);

    public ReportIngestResult Add(ScannerReport report, DeclaredImage? declared)
    {
        ArgumentNullException.ThrowIfNull(report);
        var notes = new List<string>(report.Notes);
        var images = ImageDigestRules.Choose(report, declared, notes);
        var primary = images[0].Digest;
        foreach (var image in images)
        {
            _batch.Add(ImageFactsFor(image, report.Image));
        }

        var findingKeys = new HashSet<string>(StringComparer.Ordinal);
        var vulnerabilityIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reported in report.Findings)
        {
            var vulnerability = Merge(VulnerabilityFactsFor(reported.Vulnerability));
            vulnerabilityIds.Add(vulnerability.Id);
            var finding = _batch.Add(FindingFactsFor(primary, vulnerability.Id, reported, report));
            if (!findingKeys.Add(finding.Key))
            {
                continue; // Two matches for one package and vulnerability (e.g. by CPE and by distro): one finding.
            }

            _batch.Link(finding, EdgeTypes.OfVulnerability, vulnerability, Evidence(report, FindingToVulnerabilityConfidence));
            foreach (var image in images)
            {
                _batch.Link(new NodeRef(NodeKinds.Image, image.Digest), EdgeTypes.HasFinding, finding.Ref, Evidence(report, image.Confidence));
            }
        }

        return new ReportIngestResult(report.Source, report.ReportedBy, report.DocumentDigest, images, findingKeys.Count, vulnerabilityIds.Count, notes);
    }

    private Evidence Evidence(ScannerReport report, double confidence) =>
        new(Collector, EvidenceMethods.ScannerReport, confidence, _batch.ObservedAt, report.DocumentDigest);

    /// <summary>
    /// Only a manifest digest gets the image's content facts (config, diff ids, platform): a repository or
    /// declared digest may be an index, which has none of them.
    /// </summary>
    private static ImageFacts ImageFactsFor(LinkedImage image, ReportedImage reported) =>
        image.Role != ImageDigestRole.Manifest
            ? new ImageFacts(image.Digest)
            : new ImageFacts(image.Digest)
            {
                MediaType = reported.ManifestMediaType,
                IsIndex = false,
                Platform = reported.Platform,
                ConfigDigest = reported.ConfigDigest,
                DiffIds = reported.DiffIds.Count == 0 ? null : reported.DiffIds,
            };

    private static VulnerabilityFacts VulnerabilityFactsFor(ReportedVulnerability reported)
    {
        var (id, aliases) = VulnerabilityIdentity.Resolve(reported.Id, reported.RelatedIds);
        // NVD's rating is the same for every distribution; a vendor's rating belongs on the finding.
        var severity = reported.Severities.FirstOrDefault(s => CvssChoice.IsNvd(s.Source)) ?? reported.Severities.FirstOrDefault();
        var cvss = CvssChoice.Best(reported.Cvss, reported.Severities.FirstOrDefault()?.Source);
        return new VulnerabilityFacts(id)
        {
            AliasIds = aliases.Count == 0 ? null : aliases,
            Title = reported.Title,
            Severity = SeverityScale.Normalize(severity?.Value),
            SeveritySource = severity?.Source,
            CvssScore = cvss?.Score,
            CvssVector = cvss?.Vector,
            CvssSource = cvss?.Source,
            Url = reported.Url,
        };
    }

    private static FindingFacts FindingFactsFor(string imageDigest, string vulnerabilityId, ReportedFinding reported, ScannerReport report)
    {
        var package = reported.Package;
        return new FindingFacts(imageDigest, package.Purl ?? $"{package.Name}@{package.Version}", vulnerabilityId)
        {
            PackageName = package.Name,
            InstalledVersion = package.Version,
            PackageType = package.Type,
            Purl = package.Purl,
            PackagePath = package.Path,
            SourcePackage = package.SourcePackage,
            FixedVersion = reported.FixedVersion,
            FixState = FixStates.Normalize(reported.FixState),
            Severity = SeverityScale.Normalize(reported.Severity),
            LayerDiffId = reported.LayerDiffId,
            DataSource = reported.DataSource,
            MatchedBy = reported.MatchedBy,
            ReportedBy = report.ReportedBy,
            ImageConfigDigest = report.Image.ConfigDigest,
            ScannedAt = report.CreatedAt,
        };
    }

    /// <summary>
    /// Combines what several findings and reports say about one vulnerability: aliases add up, NVD's ratings win
    /// over a vendor's, otherwise the first value stays and later ones fill gaps.
    /// </summary>
    private VulnerabilityFacts Merge(VulnerabilityFacts facts)
    {
        if (_vulnerabilities.TryGetValue(facts.Id, out var known) && known != facts)
        {
            var aliases = (known.AliasIds ?? []).Concat(facts.AliasIds ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var severity = Prefer(known, facts, f => f.Severity, f => f.SeveritySource);
            var cvss = Prefer(known, facts, f => f.CvssScore, f => f.CvssSource);
            facts = known with
            {
                AliasIds = aliases.Count == 0 ? null : aliases,
                Title = known.Title ?? facts.Title,
                Url = known.Url ?? facts.Url,
                Severity = severity.Severity,
                SeveritySource = severity.SeveritySource,
                CvssScore = cvss.CvssScore,
                CvssVector = cvss.CvssVector,
                CvssSource = cvss.CvssSource,
            };
        }

        _vulnerabilities[facts.Id] = facts;
        return _batch.Add(facts);
    }

    private static VulnerabilityFacts Prefer<T>(VulnerabilityFacts known, VulnerabilityFacts other, Func<VulnerabilityFacts, T?> value, Func<VulnerabilityFacts, string?> source)
    {
        if (value(known) is null)
        {
            return other;
        }

        return value(other) is not null && !IsNvd(source(known)) && IsNvd(source(other)) ? other : known;

        static bool IsNvd(string? s) => s is not null && CvssChoice.IsNvd(s);
    }
}
