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
public static partial class RecommendationGrouper
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
            Rank(noFix, query.Limit))
        {
            // The only per (image, finding) pass: a count and a bounded queue per finding.
            Findings = RunningFindingsSummary.Of(images.Where(Included)),
        };
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
