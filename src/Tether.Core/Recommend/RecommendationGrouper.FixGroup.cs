using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tether.Core.Trace;

namespace Tether.Core.Recommend;

/// <summary>One group of findings: ranked from its parts, built in full only when shown.</summary>
public static partial class RecommendationGrouper
{
    /// <summary>One fix action (or no-fix group) before it is built: what ranking needs, from its parts.</summary>
    private sealed class FixGroup
    {
        private readonly List<Part> _parts;
        private readonly bool _mitigate;
        private readonly IVersionOrder _order;
        private readonly Risk.PriorityWeights _weights;
        private readonly Dictionary<int, double> _vulnerabilityScores = [];
        private List<FindingTemplate>? _findings;
        private FixPackage? _package;
        private string? _title;

        public FixGroup(List<Part> parts, bool mitigate, ImageSets sets, IVersionOrder order, Risk.PriorityWeights weights)
        {
            _parts = parts;
            _mitigate = mitigate;
            _order = order;
            _weights = weights;
            Buckets = parts.Count == 1 ? [parts[0].Bucket] : [.. parts.Select(p => p.Bucket).Distinct()];
            Images = sets.Of(Buckets);
            foreach (var part in parts)
            {
                foreach (var (vulnerability, points) in part.Segment.TopPoints)
                {
                    var score = Score(points, part.Bucket.RuntimePoints);
                    if (!_vulnerabilityScores.TryGetValue(vulnerability, out var best) || score > best)
                    {
                        _vulnerabilityScores[vulnerability] = score;
                    }
                }
            }

            Score = _vulnerabilityScores.Values.Max();
            Sum = Math.Round(_vulnerabilityScores.Values.Sum(), 1);
        }

        public List<Bucket> Buckets { get; }

        public ImageSet Images { get; }

        /// <summary>The distinct findings (templates) of the group, whichever layers and images hold them.</summary>
        public List<FindingTemplate> Findings => _findings ??= [.. _parts.SelectMany(p => p.Segment.Items).Distinct()];

        public double Score { get; }

        public double Sum { get; }

        private PackageEcosystem Ecosystem => _parts[0].Segment.Ecosystem;

        private string Action => _mitigate ? RecommendationActions.Mitigate : Buckets[0].Place.Action(Ecosystem);

        public FixPackage Package => _package ??= PackageOf();

        public string Title => _title ??= TitleOf(Location(RepresentativeSlot()));

        /// <summary>The grouping key; its hash is the action's stable id.</summary>
        public string Key => string.Join('\n', Action, _mitigate ? "" : Buckets[0].Owner, _mitigate ? "" : Buckets[0].Place.Key, Ecosystem.Name, Package.Name);

        private FixPackage PackageOf()
        {
            var ecosystem = Ecosystem;
            var binaries = Findings.Select(f => f.Package.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var sources = Findings.Select(f => f.Source).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var source = sources.Count == 1 && Findings.All(f => f.Source is not null) ? sources[0] : null;
            var name = ecosystem.IsDistro ? source ?? string.Join(", ", sources.Count > 0 ? sources.Union(binaries) : binaries) : binaries[0];
            var needed = Needed(Findings);
            var target = Findings.Any(f => f.Needed.Count > 1) ? null : FixedVersions.Highest(_order, ecosystem.Name, needed);
            return new FixPackage(
                ecosystem.Name,
                name,
                source,
                binaries,
                FixedVersions.Sorted(_order, ecosystem.Name, Findings.Select(f => f.Package.Version)),
                target,
                FixedVersions.Sorted(_order, ecosystem.Name, needed));
        }

        /// <summary>The fixed versions needed, in the order the findings rank (as the trace lists them).</summary>
        private static List<string> Needed(IEnumerable<FindingTemplate> findings) =>
            [.. findings.Order(Comparer<FindingTemplate>.Create(FindingTemplate.CompareUrgency)).SelectMany(f => f.Needed).Distinct(StringComparer.Ordinal)];

        /// <summary>
        /// The representative image's slot holding its most urgent finding of the group: where the fix is shown to happen
        /// (the trace's first finding of the image with the most pods).
        /// </summary>
        private ImageSlot RepresentativeSlot()
        {
            var image = Images.Representative;
            ImageSlot? best = null;
            FindingTemplate? top = null;
            foreach (var part in _parts)
            {
                if (part.Bucket.Slots.FirstOrDefault(s => s.Image == image) is not { } slot)
                {
                    continue;
                }

                foreach (var finding in part.Segment.Items)
                {
                    if (top is null || Compare(finding, top, image) < 0)
                    {
                        (best, top) = (slot, finding);
                    }
                }
            }

            return best!;
        }

        private static int Compare(FindingTemplate a, FindingTemplate b, RunningImage image)
        {
            var c = RecommendationGrouper.Score(b, image).CompareTo(RecommendationGrouper.Score(a, image));
            c = c != 0 ? c : string.CompareOrdinal(a.Vulnerability.Id, b.Vulnerability.Id);
            return c != 0 ? c : string.CompareOrdinal(a.Package.Name, b.Package.Name);
        }

        private string TitleOf(FixLocation where)
        {
            var package = Package;
            var owner = Images.Representative.Owner;
            var ownerName = owner.Repository ?? owner.ImageRepository ?? "an unknown repository";
            var cves = _vulnerabilityScores.Count;
            var pods = Images.Pods;
            var to = package.TargetVersion is { } t ? $"to {t}" : "to a fixed version";
            var line = where.Line is { } l ? $"{where.DockerfilePath ?? "Dockerfile"} line {l} of {ownerName}" : ownerName;
            return Action switch
            {
                RecommendationActions.BaseImage => $"Update {package.Name} {to} in base image {where.BaseImage} ({line})",
                RecommendationActions.OsPackage => $"Update {package.Name} {to} installed by {line}",
                RecommendationActions.LanguagePackage => where.Line is null
                    ? $"Update {package.Ecosystem} package {package.Name} {to} in {ownerName}"
                    : $"Update {package.Ecosystem} package {package.Name} {to} ({line})",
                RecommendationActions.Image => $"Update {package.Name} {to} in the images of {ownerName}",
                _ => $"No fix available for {package.Name} ({package.Ecosystem}, {cves} CVE{(cves == 1 ? "" : "s")}): mitigate on {pods} pod{(pods == 1 ? "" : "s")}",
            };
        }

        private FixLocation Location(ImageSlot slot)
        {
            var action = Action;
            var source = slot.Source;
            var d = source?.Dockerfile;
            var known = slot.Place.Key != Unknown;
            return new FixLocation(
                action == RecommendationActions.BaseImage ? "base-image" : known ? "dockerfile-instruction" : "unknown",
                d?.Path,
                known ? d!.Line : null,
                known ? Instruction(d!.Instruction) : null,
                known ? d!.Url : source?.CommitUrl,
                d?.BaseImage,
                d?.Attribution,
                d?.Confidence,
                source?.Commit,
                source?.CommitUrl,
                slot.Image.PipelineRun,
                slot.Image.Chain.Pipeline?.Url);
        }

        public Recommendation Build(int rank)
        {
            var ecosystem = Ecosystem;
            var action = Action;
            var package = Package;
            var notes = new List<string>();
            if (ecosystem.IsDistro && package.SourcePackage is null && package.BinaryPackages.Count > 1)
            {
                notes.Add($"The scanner did not name the source package: {string.Join(" and ", package.BinaryPackages)} are grouped because they have the same installed version and the same fixed version for the same CVEs.");
            }

            if (package.FixedVersions.Count > 0 && package.TargetVersion is null)
            {
                notes.Add($"The fixed versions {string.Join(", ", package.FixedVersions)} could not be ordered as {ecosystem.Name} versions; the target is the one that clears them all.");
            }

            var where = Location(RepresentativeSlot());
            var owner = action == RecommendationActions.Mitigate ? null : Images.Representative.Owner;
            var runtime = Images.Runtime;
            var exposed = runtime.Where(r => r.Exposure.Count > 0).Select(r => (r.Cluster, r.Namespace, r.Pod)).Distinct().Count();
            var vulnerabilities = Vulnerabilities();
            var change = action == RecommendationActions.Mitigate
                ? Mitigation(package, runtime, exposed, [.. Images.Images.Select(i => i.Owner).Distinct()])
                : FixCommands.For(action, package, where);
            return new Recommendation(
                rank,
                "rec-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)))[..12],
                TitleOf(where),
                action,
                owner,
                package,
                where,
                change,
                PriorityOf(vulnerabilities),
                vulnerabilities,
                Workloads(runtime),
                runtime.Select(r => r.Cluster).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                Images.Pods,
                exposed,
                ImagesOf(),
                notes);
        }

        private List<RecommendedImage> ImagesOf() =>
            Images.Images.OrderBy(i => i.Index).GroupBy(i => i.Digest, StringComparer.Ordinal)
                .Select(g =>
                {
                    var image = g.First();
                    var source = image.Chain.Source?.Layer;
                    return new RecommendedImage(g.Key, image.Reference, source?.Repository, source?.Commit, source?.CommitUrl, image.PipelineRun, image.Chain.Pipeline?.Url, image.Pods);
                })
                .OrderByDescending(i => i.Pods).ThenBy(i => i.Digest, StringComparer.Ordinal)
                .ToList();

        private List<RecommendedVulnerability> Vulnerabilities() =>
            Findings.GroupBy(f => f.VulnerabilityKey)
                .Select(g =>
                {
                    var findings = g.Order(Comparer<FindingTemplate>.Create(FindingTemplate.CompareUrgency)).ToList();
                    var id = findings[0].Vulnerability.Id;
                    var views = findings.Select(f => f.Vulnerability).ToList();
                    var needed = Needed(findings);
                    var fixedVersion = needed.Count == 0 ? null : FixedVersions.Highest(_order, findings[0].Ecosystem.Name, needed) ?? string.Join(", ", needed);
                    var aliases = views.SelectMany(v => v.Aliases).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                    var priority = _vulnerabilityScores[g.Key];
                    return new RecommendedVulnerability(
                        id,
                        aliases,
                        views.Select(v => v.Severity).MaxBy(SeverityRank)!,
                        views.Max(v => v.CvssScore),
                        views.Select(v => v.Title).FirstOrDefault(t => t is not null),
                        views.Select(v => v.Kev).FirstOrDefault(k => k is not null),
                        views.Select(v => v.Epss).OfType<EpssView>().MaxBy(e => e.Score),
                        fixedVersion,
                        findings.Select(f => f.Package.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                        priority,
                        PriorityScorer.LevelOf(priority),
                        Links(id, aliases, views.Select(v => v.Url).FirstOrDefault(u => u is not null)));
                })
                .OrderByDescending(v => v.Priority).ThenBy(v => v.Id, StringComparer.Ordinal)
                .ToList();

        /// <summary>
        /// The deciding finding: the highest score, then the first vulnerability id, then the first image digest, then the
        /// first package name; its factors are scored as the trace scores them.
        /// </summary>
        private RecommendationPriority PriorityOf(List<RecommendedVulnerability> vulnerabilities)
        {
            var score = Score;
            var id = vulnerabilities.Where(v => v.Priority == score).Select(v => v.Id).Order(StringComparer.Ordinal).First();
            (RunningImage Image, FindingTemplate Finding)? top = null;
            foreach (var part in _parts)
            {
                foreach (var finding in part.Segment.Items.Where(f => f.Vulnerability.Id == id))
                {
                    foreach (var slot in part.Bucket.Slots)
                    {
                        if (RecommendationGrouper.Score(finding, slot.Image) == score
                            && (top is not { } t
                                || string.CompareOrdinal(slot.Image.Digest, t.Image.Digest) is var c && (c < 0 || (c == 0 && string.CompareOrdinal(finding.Package.Name, t.Finding.Package.Name) < 0))))
                        {
                            top = (slot.Image, finding);
                        }
                    }
                }
            }

            var (image, deciding) = top!.Value;
            var priority = PriorityScorer.Score(deciding.Vulnerability, deciding.Package, image.BlastRadius, _weights);
            var sum = Sum;
            var factors = string.Join(", ", priority.Factors.Select(f =>
                $"{f.Name} {f.Value} ({(f.Contribution >= 0 ? "+" : "")}{f.Contribution.ToString("0.#", CultureInfo.InvariantCulture)})"));
            var why = string.Create(CultureInfo.InvariantCulture,
                $"{id} in {deciding.Package.Name} on {image.Reference ?? image.Digest} is {priority.Level} {priority.Score:0.#}: {factors}. " +
                $"The action covers {vulnerabilities.Count} CVE{(vulnerabilities.Count == 1 ? "" : "s")} with priorities summing to {sum:0.#}.");
            return new RecommendationPriority(priority.Level, priority.Score, sum, id, image.Digest, priority.Factors, why);
        }
    }
}
