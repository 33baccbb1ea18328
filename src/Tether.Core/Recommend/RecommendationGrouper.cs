using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tether.Core.Advisories;
using Tether.Core.Trace;

namespace Tether.Core.Recommend;

/// <summary>
/// Groups the findings of running images into fix actions. A fix action is keyed by the owner repository, where the fix
/// happens (the base image's FROM line, the image's own Dockerfile instruction, or unknown), the ecosystem and the
/// package (the source package for distro packages). Its target version is the highest fixed version any grouped CVE
/// needs, by the ecosystem's ordering. Findings with no fixed version are grouped per package (across owners) as "no
/// fix available — mitigate", with where they run.
/// <para>
/// The work is per (layer, package), not per (image, package): the images are first bucketed by (owner, placement,
/// findings list) — every image of one owner whose base layer is attributed to the same FROM line shares one bucket
/// with that layer's list — and the buckets' findings are partitioned into groups. A group's priority is the highest
/// of its findings' scores; each score is the finding's own points plus the runtime points of the bucket's image with the
/// largest blast radius (<see cref="PriorityScorer.FindingPoints"/>, <see cref="PriorityScorer.RuntimePoints"/>), so
/// no (image, finding) is scored. Only the fix actions shown (<see cref="RecommendationQuery.Limit"/>) are built in full.
/// </para>
/// </summary>
public static class RecommendationGrouper
{
    internal const string Unknown = "unknown";

    internal static RecommendationReport GroupImages(IReadOnlyList<RunningImage> images, IVersionOrder order, RecommendationQuery query, Risk.PriorityWeights weights)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(query);
        bool Included(RunningImage image) =>
            image.Pods > 0 // an image that runs nowhere needs no fix in production
            && (query.Repository is not { } repository || string.Equals(image.Owner.Repository, repository, StringComparison.OrdinalIgnoreCase));
        FindingDedup.Apply(images, Included);

        var buckets = new Dictionary<(string Owner, string Place, FindingList List), Bucket>();
        var findings = 0;
        foreach (var image in images.Where(Included))
        {
            foreach (var slot in image.Slots)
            {
                findings += slot.Findings.Items.Count;
                if (!buckets.TryGetValue((image.OwnerKey, slot.Place.Key, slot.Findings), out var bucket))
                {
                    bucket = new Bucket(buckets.Count, image.OwnerKey, slot.Place, slot.Findings);
                    buckets[(image.OwnerKey, slot.Place.Key, slot.Findings)] = bucket;
                }

                bucket.Add(slot);
            }
        }

        // A cell is (owner, place, ecosystem) for fixes, the ecosystem alone for findings without a fix; a bucket adds its
        // list's segments to them, so the work is per (bucket, package), never per (image, finding).
        var fixCells = new Dictionary<(string Owner, string Place, string Ecosystem), List<Part>>();
        var noFixCells = new Dictionary<string, List<Part>>(StringComparer.Ordinal);
        foreach (var bucket in buckets.Values)
        {
            foreach (var segment in bucket.List.Segments)
            {
                var cell = segment.Fix
                    ? Cell(fixCells, (bucket.Owner, bucket.Place.Key, segment.Ecosystem.Name))
                    : Cell(noFixCells, segment.Ecosystem.Name);
                cell.Add(new Part(segment, bucket));
            }
        }

        var sets = new ImageSets();
        var fixes = fixCells.Values.SelectMany(Partition).Select(g => new FixGroup(g, false, sets, order, weights)).ToList();
        var noFix = noFixCells.Values.SelectMany(Partition).Select(g => new FixGroup(g, true, sets, order, weights)).ToList();
        return new RecommendationReport(
            new RecommendationScope(query.Cluster, query.Repository, query.Limit, images.Count(i => i.Pods > 0), findings, fixes.Count, noFix.Count),
            Rank(fixes, query.Limit),
            Rank(noFix, query.Limit));
    }

    /// <summary>A finding's priority score in an image: its own points plus the image's runtime points, clamped to 0–100.</summary>
    internal static double Score(FindingTemplate finding, RunningImage image) => Score(finding.Points, image.RuntimePoints);

    private static double Score(double findingPoints, double runtimePoints) => Math.Round(Math.Clamp(findingPoints + runtimePoints, 0, 100), 1);

    private static List<Part> Cell<TKey>(Dictionary<TKey, List<Part>> cells, TKey key) where TKey : notnull =>
        cells.TryGetValue(key, out var cell) ? cell : cells[key] = [];

    private static int CompareNumbers(FixGroup a, FixGroup b)
    {
        var c = b.Score.CompareTo(a.Score);
        c = c != 0 ? c : b.Sum.CompareTo(a.Sum);
        return c != 0 ? c : b.Images.Pods.CompareTo(a.Images.Pods);
    }

    /// <summary>
    /// Highest priority first (the most urgent finding removed), then the larger total removed, then more pods, then
    /// title. Titles (which need the target version and the Dockerfile line) are only made for the groups shown and the
    /// ones tied with the last shown.
    /// </summary>
    private static List<Recommendation> Rank(List<FixGroup> groups, int? limit)
    {
        groups.Sort(CompareNumbers);
        var shown = limit is > 0 and var n ? Math.Min(n, groups.Count) : groups.Count;
        var end = shown;
        while (end > 0 && end < groups.Count && CompareNumbers(groups[end - 1], groups[end]) == 0)
        {
            end++;
        }

        var head = groups.GetRange(0, end);
        head.Sort((a, b) =>
        {
            var c = CompareNumbers(a, b);
            c = c != 0 ? c : string.CompareOrdinal(a.Title, b.Title);
            return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
        });
        return [.. head.Take(shown).Select((g, index) => g.Build(index + 1))];
    }

    /// <summary>
    /// Splits a cell (owner, location, ecosystem) by package. Distro packages are grouped by source package; when the
    /// scanner does not name it, binary packages that share an installed version and the same fix of the same CVE
    /// (libssl3 and openssl 3.0.11-1~deb12u2, both fixed in 3.0.14-1~deb12u2 for CVE-2024-6119) are built from one
    /// source, and grouped as one.
    /// </summary>
    private static IEnumerable<List<Part>> Partition(List<Part> cell)
    {
        var byPackage = new Dictionary<string, List<Part>>(StringComparer.Ordinal);
        foreach (var part in cell)
        {
            (byPackage.TryGetValue(part.Segment.PackageKey, out var list) ? list : byPackage[part.Segment.PackageKey] = []).Add(part);
        }

        if (byPackage.Count == 1)
        {
            yield return cell;
            yield break;
        }

        var parent = byPackage.Keys.ToDictionary(k => k, k => k, StringComparer.Ordinal);
        string Find(string key) => parent[key] == key ? key : parent[key] = Find(parent[key]);
        foreach (var shared in cell.Where(p => p.Segment.HasUnnamedSource).Select(p => p.Segment).Distinct()
            .SelectMany(s => s.Items).Where(f => f.Source is null).Distinct()
            .GroupBy(f => (f.Vulnerability.Id, f.Package.Version, f.Package.FixedVersion)))
        {
            var keys = shared.Select(f => f.PackageKey).Distinct(StringComparer.Ordinal).ToList();
            foreach (var key in keys.Skip(1))
            {
                var (a, b) = (Find(keys[0]), Find(key));
                if (a != b)
                {
                    parent[b] = a;
                }
            }
        }

        foreach (var group in byPackage.GroupBy(p => Find(p.Key), StringComparer.Ordinal))
        {
            yield return group.SelectMany(p => p.Value).ToList();
        }
    }

    /// <summary>OSV for any id, NVD for the CVE, and the advisory's own page when it gave one.</summary>
    public static IReadOnlyList<string> Links(string id, IReadOnlyList<string> aliases, string? url)
    {
        var links = new List<string> { $"https://osv.dev/vulnerability/{Uri.EscapeDataString(id)}" };
        if (VulnerabilityIds.CveOf(id, aliases) is { } cve)
        {
            links.Add($"https://nvd.nist.gov/vuln/detail/{Uri.EscapeDataString(cve)}");
        }

        if (url is not null && url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !links.Contains(url, StringComparer.Ordinal))
        {
            links.Add(url);
        }

        return links;
    }

    /// <summary>
    /// The instruction as written. The Dockerfile parser keeps the keyword in an instruction's text and the attribution
    /// prefixes it again (<c>RUN RUN npm ci</c>); one keyword is shown.
    /// </summary>
    public static string? Instruction(string? instruction)
    {
        if (instruction is null)
        {
            return null;
        }

        var space = instruction.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && instruction.Length > 2 * space && instruction.AsSpan(space + 1).StartsWith(instruction.AsSpan(0, space + 1), StringComparison.OrdinalIgnoreCase)
            ? instruction[(space + 1)..]
            : instruction;
    }

    /// <summary>One segment of a bucket's list: every image of the bucket holds its findings.</summary>
    private readonly record struct Part(FindingSegment Segment, Bucket Bucket);

    /// <summary>The images of one owner whose findings list (a layer's) is placed at the same Dockerfile location.</summary>
    private sealed class Bucket(int index, string owner, Placement place, FindingList list)
    {
        public int Index { get; } = index;

        public string Owner { get; } = owner;

        public Placement Place { get; } = place;

        public FindingList List { get; } = list;

        public List<ImageSlot> Slots { get; } = [];

        /// <summary>The highest runtime points of the bucket's images: every finding of the list scores highest there.</summary>
        public double RuntimePoints { get; private set; } = double.MinValue;

        public void Add(ImageSlot slot)
        {
            Slots.Add(slot);
            RuntimePoints = Math.Max(RuntimePoints, slot.Image.RuntimePoints);
        }
    }

    /// <summary>The images of a set of buckets, computed once per distinct set, with their pods counted once.</summary>
    private sealed class ImageSets
    {
        private readonly Dictionary<string, ImageSet> _sets = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Cluster, string Namespace, string Pod), int> _podIds = [];
        private readonly Dictionary<RunningImage, int[]> _podsOf = [];
        private int[] _stamps = [];
        private int _stamp;

        public ImageSet Of(IReadOnlyList<Bucket> buckets)
        {
            var key = buckets.Count == 1 ? buckets[0].Index.ToString(CultureInfo.InvariantCulture) : string.Join(',', buckets.Select(b => b.Index).Order());
            if (!_sets.TryGetValue(key, out var set))
            {
                var images = buckets.Count == 1 ? [.. buckets[0].Slots.Select(s => s.Image).Distinct()] : buckets.SelectMany(b => b.Slots).Select(s => s.Image).Distinct().ToList();
                set = new ImageSet(images, images.Count == 1 ? images[0].Pods : CountPods(images));
                _sets[key] = set;
            }

            return set;
        }

        /// <summary>Distinct pods of many images (a pod may run several of them): pods as numbers, marked once per count.</summary>
        private int CountPods(List<RunningImage> images)
        {
            _stamp++;
            var count = 0;
            foreach (var image in images)
            {
                if (!_podsOf.TryGetValue(image, out var pods))
                {
                    pods = [.. image.Chain.Runtime.Select(r => (r.Cluster, r.Namespace, r.Pod)).Distinct().Select(p => _podIds.TryGetValue(p, out var id) ? id : _podIds[p] = _podIds.Count)];
                    _podsOf[image] = pods;
                }

                foreach (var pod in pods)
                {
                    if (pod >= _stamps.Length)
                    {
                        Array.Resize(ref _stamps, Math.Max(_podIds.Count, 2 * _stamps.Length));
                    }

                    if (_stamps[pod] != _stamp)
                    {
                        _stamps[pod] = _stamp;
                        count++;
                    }
                }
            }

            return count;
        }
    }

    private sealed class ImageSet(List<RunningImage> images, int pods)
    {
        private List<RuntimeInstance>? _runtime;
        private RunningImage? _representative;

        public List<RunningImage> Images { get; } = images;

        /// <summary>The image with the most pods (then the first digest): its Dockerfile line and owner speak for the action.</summary>
        public RunningImage Representative => _representative ??= Images.OrderByDescending(i => i.Pods).ThenBy(i => i.Digest, StringComparer.Ordinal).First();

        public int Pods { get; } = pods;

        /// <summary>Every container of the images, once.</summary>
        public List<RuntimeInstance> Runtime => _runtime ??= [.. Images.OrderBy(i => i.Index).SelectMany(i => i.Chain.Runtime).DistinctBy(r => (r.Cluster, r.Namespace, r.Pod, r.Container))];
    }

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

    /// <summary>As <see cref="AffectedWorkloads"/> groups a vulnerability's runtime: per top-level workload.</summary>
    private static List<AffectedWorkload> Workloads(List<RuntimeInstance> runtime) =>
        runtime
            .GroupBy(r => (r.Cluster, r.Namespace, Kind: r.Workload?.Kind ?? "Pod", Name: r.Workload?.Name ?? r.Pod))
            .Select(g => new AffectedWorkload(
                g.Key.Cluster, g.Key.Namespace, g.Key.Kind, g.Key.Name,
                g.Select(r => r.Pod).Distinct(StringComparer.Ordinal).Count(),
                g.Any(r => r.Exposure.Count > 0),
                g.Select(r => r.Environment).GroupBy(e => e).OrderByDescending(e => e.Count()).ThenBy(e => e.Key, StringComparer.Ordinal).First().Key,
                [.. g.Select(r => r.ImageDigest).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))
            .OrderByDescending(w => w.InternetExposed).ThenByDescending(w => w.Pods).ThenBy(w => w.Cluster, StringComparer.Ordinal)
            .ThenBy(w => w.Namespace, StringComparer.Ordinal).ThenBy(w => w.Name, StringComparer.Ordinal).ThenBy(w => w.Kind, StringComparer.Ordinal)
            .ToList();

    private static FixChange Mitigation(FixPackage package, List<RuntimeInstance> runtime, int exposed, List<RecommendationOwner> owners)
    {
        var notes = new List<string>();
        if (exposed > 0)
        {
            var via = runtime.SelectMany(r => r.Exposure).Select(e => $"{e.Kind} {e.Name}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(5);
            notes.Add($"{exposed} pod(s) are reachable from outside the cluster ({string.Join(", ", via)}): restrict them (NetworkPolicy, WAF rule, internal load balancer) until a fix is published.");
        }

        var privileged = runtime.Where(r => r.Privilege.Privileged || r.Privilege.HostNetwork || r.Privilege.HostPid || r.Privilege.HostIpc)
            .Select(r => (r.Cluster, r.Namespace, r.Pod)).Distinct().Count();
        if (privileged > 0)
        {
            notes.Add($"{privileged} pod(s) run privileged or in host namespaces: drop that, so a compromise stays in the container.");
        }

        var root = runtime.Where(r => r.Privilege.RunAsRoot == true).Select(r => (r.Cluster, r.Namespace, r.Pod)).Distinct().Count();
        if (root > 0)
        {
            notes.Add($"{root} pod(s) may run as root: set runAsNonRoot.");
        }

        notes.Add($"Owners: {string.Join(", ", owners.Select(o => o.Repository ?? o.ImageRepository ?? "unknown").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))}.");
        var summary = $"No fixed version of {package.Name} is published for these CVEs. Remove {string.Join(" ", package.BinaryPackages)} from the images if they do not need it; otherwise reduce exposure and privilege until a fix is published, and re-run `tether recommend` after the advisory database is updated.";
        return new FixChange(summary, [], notes);
    }

    private static int SeverityRank(string severity) => severity switch
    {
        "CRITICAL" => 5,
        "HIGH" => 4,
        "MEDIUM" => 3,
        "LOW" => 2,
        "NEGLIGIBLE" => 1,
        _ => 0,
    };
}
