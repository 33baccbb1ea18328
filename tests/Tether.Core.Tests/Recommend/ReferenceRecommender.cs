using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tether.Core.Advisories;
using Tether.Core.Trace;

using Tether.Core.Recommend;

namespace Tether.Core.Tests.Recommend;

/// <summary>
/// The recommender as it was before it aggregated per (layer, package), kept as the reference the aggregated path must
/// equal: every running image traced one by one (<see cref="TraceEngine.TraceAsync"/>), one <see cref="FindingTrace"/>
/// per (image, finding), then grouped. Slow by design; tests only.
/// Groups traced findings into fix actions (pure: findings in, recommendations out). A fix action is keyed by the owner
/// repository, where the fix happens (the base image's FROM line, the image's own Dockerfile instruction, or unknown),
/// the ecosystem and the package (the source package for distro packages). Its target version is the highest fixed
/// version any grouped CVE needs, by the ecosystem's ordering. Findings with no fixed version are grouped per package
/// (across owners) as "no fix available — mitigate", with where they run.
/// </summary>
internal static class ReferenceRecommender
{
    public static async Task<RecommendationReport> RecommendAsync(Tether.Core.Graph.IGraphStore store, IReadOnlyList<string> runningDigests, RecommendationQuery query, Tether.Core.Advisories.IAdvisoryStore? advisories = null)
    {
        var findings = new List<FindingTrace>();
        var running = 0;
        var engine = new TraceEngine(store, advisories);
        foreach (var digest in runningDigests.Order(StringComparer.Ordinal))
        {
            var report = await engine.TraceAsync(digest);
            findings.AddRange(report.Findings);
            running += report.Images.Count(i => i.BlastRadius.Pods > 0);
        }

        // One trace lists its findings by priority; the trace of all images at once did so over all of them.
        var ordered = findings.OrderByDescending(f => f.Priority.Score).ThenBy(f => f.Vulnerability.Id, StringComparer.Ordinal).ThenBy(f => f.Package.Name, StringComparer.Ordinal).ToList();
        var repository = query.Repository is { } r ? Tether.Core.Identity.RepositoryUrl.TryNormalize(r) ?? r : null;
        return Group(ordered, Tether.Vulnerabilities.Versions.EcosystemVersionOrder.Instance, query with { Repository = repository }, running);
    }

    public static RecommendationReport Group(IReadOnlyList<FindingTrace> findings, IVersionOrder order, RecommendationQuery query, int runningImages)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(query);
        var items = new List<Item>();
        var seen = new HashSet<(string, string, string, string)>();
        foreach (var finding in findings)
        {
            if (finding.BlastRadius.Pods == 0)
            {
                continue; // an image that runs nowhere needs no fix in production
            }

            var item = Describe(finding, order);
            if (query.Repository is { } repository && !string.Equals(item.Owner.Repository, repository, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // A scanner's finding and Tether's own match of the same package in the same image are one finding.
            if (seen.Add((item.Image, finding.Vulnerability.Id, finding.Package.Name, finding.Package.Version)))
            {
                items.Add(item);
            }
        }

        var fixes = Partition(items.Where(i => i.Needed.Count > 0), i => $"{i.OwnerKey}\n{i.LocationKey}\n{i.Ecosystem.Name}")
            .Select(g => Build(g, order, i => i.Action))
            .ToList();
        var noFix = Partition(items.Where(i => i.Needed.Count == 0), i => i.Ecosystem.Name)
            .Select(g => Build(g, order, _ => RecommendationActions.Mitigate))
            .ToList();
        var rankedFixes = Rank(fixes, query.Limit);
        var rankedNoFix = Rank(noFix, query.Limit);
        return new RecommendationReport(
            new RecommendationScope(query.Cluster, query.Repository, query.Limit, runningImages, items.Count, fixes.Count, noFix.Count),
            rankedFixes,
            rankedNoFix)
        {
            Findings = Summary(items),
        };
    }

    /// <summary>Every (image, finding) with the trace's own priority: counted per level, the ten most urgent listed.</summary>
    private static RunningFindingsSummary Summary(List<Item> items)
    {
        var byLevel = RunningFindingsSummary.Levels.ToDictionary(l => l, l => items.Count(i => i.Finding.Priority.Level == l), StringComparer.Ordinal);
        var top = items
            .OrderByDescending(i => i.Finding.Priority.Score).ThenBy(i => i.Finding.Vulnerability.Id, StringComparer.Ordinal)
            .ThenBy(i => i.Finding.Package.Name, StringComparer.Ordinal).ThenBy(i => i.Finding.Package.Version, StringComparer.Ordinal)
            .ThenBy(i => i.Image, StringComparer.Ordinal)
            .Take(RunningFindingsSummary.TopCount)
            .Select(i => new RankedFinding(
                i.Finding.Vulnerability.Id, i.Finding.Vulnerability.Severity, i.Finding.Package.Name, i.Finding.Package.Version, i.Finding.Package.FixedVersion,
                i.Image, Reference(i.Finding), i.Finding.Priority.Score, i.Finding.Priority.Level,
                i.Finding.BlastRadius.Pods, i.Finding.BlastRadius.InternetExposedPods, i.Finding.BlastRadius.Clusters))
            .ToList();
        return new RunningFindingsSummary(byLevel, items.Count, items.Select(i => i.Finding.Vulnerability.Id).Distinct(StringComparer.Ordinal).Count(), top);
    }

    /// <summary>Highest priority first (the most urgent finding removed), then the larger total removed, then more pods.</summary>
    private static List<Recommendation> Rank(IEnumerable<Recommendation> recommendations, int? limit) =>
        recommendations
            .OrderByDescending(r => r.Priority.Score)
            .ThenByDescending(r => r.Priority.Sum)
            .ThenByDescending(r => r.Pods)
            .ThenBy(r => r.Title, StringComparer.Ordinal)
            .Take(limit is > 0 and var n ? n : int.MaxValue)
            .Select((r, index) => r with { Rank = index + 1 })
            .ToList();

    /// <summary>
    /// Groups items sharing a partition (owner, location, ecosystem) by package. Distro packages are grouped by source
    /// package; when the scanner does not name it, binary packages that share an installed version and the same fix of
    /// the same CVE (libssl3 and openssl 3.0.11-1~deb12u2, both fixed in 3.0.14-1~deb12u2 for CVE-2024-6119) are built
    /// from one source, and grouped as one.
    /// </summary>
    private static IEnumerable<List<Item>> Partition(IEnumerable<Item> items, Func<Item, string> partitionKey)
    {
        foreach (var partition in items.GroupBy(partitionKey, StringComparer.Ordinal))
        {
            var byPackage = partition.GroupBy(i => i.PackageKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            var parent = byPackage.Keys.ToDictionary(k => k, k => k, StringComparer.Ordinal);
            string Find(string key) => parent[key] == key ? key : parent[key] = Find(parent[key]);
            foreach (var shared in partition.Where(i => i.Ecosystem.IsDistro && i.Source is null)
                .GroupBy(i => (i.Finding.Vulnerability.Id, i.Finding.Package.Version, i.Finding.Package.FixedVersion)))
            {
                var keys = shared.Select(i => i.PackageKey).Distinct(StringComparer.Ordinal).ToList();
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
    }

    private static Recommendation Build(List<Item> items, IVersionOrder order, Func<Item, string> actionOf)
    {
        var ecosystem = items[0].Ecosystem;
        var action = actionOf(items[0]);
        var representative = items.OrderByDescending(i => i.Finding.BlastRadius.Pods).ThenBy(i => i.Image, StringComparer.Ordinal).First();
        var binaries = items.Select(i => i.Finding.Package.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var sources = items.Select(i => i.Source).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var source = sources.Count == 1 && items.All(i => i.Source is not null) ? sources[0] : null;
        var name = ecosystem.IsDistro ? source ?? string.Join(", ", sources.Count > 0 ? sources.Union(binaries) : binaries) : binaries[0];
        var needed = items.SelectMany(i => i.Needed).Distinct(StringComparer.Ordinal).ToList();
        var target = items.Any(i => i.Needed.Count > 1) ? null : FixedVersions.Highest(order, ecosystem.Name, needed);
        var package = new FixPackage(
            ecosystem.Name,
            name,
            source,
            binaries,
            FixedVersions.Sorted(order, ecosystem.Name, items.Select(i => i.Finding.Package.Version)),
            target,
            FixedVersions.Sorted(order, ecosystem.Name, needed));

        var notes = new List<string>();
        if (ecosystem.IsDistro && source is null && binaries.Count > 1)
        {
            notes.Add($"The scanner did not name the source package: {string.Join(" and ", binaries)} are grouped because they have the same installed version and the same fixed version for the same CVEs.");
        }

        if (needed.Count > 0 && target is null)
        {
            notes.Add($"The fixed versions {string.Join(", ", package.FixedVersions)} could not be ordered as {ecosystem.Name} versions; the target is the one that clears them all.");
        }

        var where = Location(action, representative);
        var owners = items.Select(i => i.Owner).Distinct().ToList();
        var owner = action == RecommendationActions.Mitigate ? null : representative.Owner;
        var images = Images(items);
        var runtime = items.SelectMany(i => i.Finding.Runtime).DistinctBy(r => (r.Cluster, r.Namespace, r.Pod, r.Container)).ToList();
        var workloads = Workloads(runtime);
        var pods = runtime.Select(r => (r.Cluster, r.Namespace, r.Pod)).Distinct().Count();
        var exposed = runtime.Where(r => r.Exposure.Count > 0).Select(r => (r.Cluster, r.Namespace, r.Pod)).Distinct().Count();
        var vulnerabilities = Vulnerabilities(items, order);
        var priority = PriorityOf(items, vulnerabilities);
        var change = action == RecommendationActions.Mitigate
            ? Mitigation(package, runtime, exposed, owners)
            : FixCommands.For(action, package, where);
        var ownerName = owner?.Repository ?? owner?.ImageRepository ?? "an unknown repository";
        var title = Title(action, package, where, ownerName, vulnerabilities.Count, pods);
        var key = string.Join('\n', action, action == RecommendationActions.Mitigate ? "" : items[0].OwnerKey, action == RecommendationActions.Mitigate ? "" : items[0].LocationKey, ecosystem.Name, name);
        return new Recommendation(
            0,
            "rec-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12],
            title,
            action,
            owner,
            package,
            where,
            change,
            priority,
            vulnerabilities,
            workloads,
            runtime.Select(r => r.Cluster).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            pods,
            exposed,
            images,
            notes);
    }

    private static string Title(string action, FixPackage package, FixLocation where, string owner, int cves, int pods)
    {
        var to = package.TargetVersion is { } t ? $"to {t}" : "to a fixed version";
        var line = where.Line is { } l ? $"{where.DockerfilePath ?? "Dockerfile"} line {l} of {owner}" : owner;
        return action switch
        {
            RecommendationActions.BaseImage => $"Update {package.Name} {to} in base image {where.BaseImage} ({line})",
            RecommendationActions.OsPackage => $"Update {package.Name} {to} installed by {line}",
            RecommendationActions.LanguagePackage => where.Line is null
                ? $"Update {package.Ecosystem} package {package.Name} {to} in {owner}"
                : $"Update {package.Ecosystem} package {package.Name} {to} ({line})",
            RecommendationActions.Image => $"Update {package.Name} {to} in the images of {owner}",
            _ => $"No fix available for {package.Name} ({package.Ecosystem}, {cves} CVE{(cves == 1 ? "" : "s")}): mitigate on {pods} pod{(pods == 1 ? "" : "s")}",
        };
    }

    private static FixLocation Location(string action, Item item)
    {
        var source = item.Finding.Source;
        var d = source?.Dockerfile;
        var pipeline = item.Finding.Pipeline;
        var run = pipeline is null ? null : $"{pipeline.Workflow ?? pipeline.System} run #{pipeline.RunNumber ?? pipeline.RunId}";
        var known = item.LocationKey != Unknown;
        return new FixLocation(
            action == RecommendationActions.BaseImage ? "base-image" : known ? "dockerfile-instruction" : "unknown",
            d?.Path,
            known ? d!.Line : null,
            known ? RecommendationGrouper.Instruction(d!.Instruction) : null,
            known ? d!.Url : source?.CommitUrl,
            d?.BaseImage,
            d?.Attribution,
            d?.Confidence,
            source?.Commit,
            source?.CommitUrl,
            run,
            pipeline?.Url);
    }

    private static List<RecommendedImage> Images(List<Item> items) =>
        items.GroupBy(i => i.Image, StringComparer.Ordinal)
            .Select(g =>
            {
                var f = g.First().Finding;
                return new RecommendedImage(
                    g.Key,
                    Reference(f),
                    f.Source?.Repository,
                    f.Source?.Commit,
                    f.Source?.CommitUrl,
                    f.Pipeline is { } p ? $"{p.Workflow ?? p.System} run #{p.RunNumber ?? p.RunId}" : null,
                    f.Pipeline?.Url,
                    f.BlastRadius.Pods);
            })
            .OrderByDescending(i => i.Pods).ThenBy(i => i.Digest, StringComparer.Ordinal)
            .ToList();

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
            .ThenBy(w => w.Namespace, StringComparer.Ordinal).ThenBy(w => w.Name, StringComparer.Ordinal)
            .ToList();

    private static List<RecommendedVulnerability> Vulnerabilities(List<Item> items, IVersionOrder order) =>
        items.GroupBy(i => i.Finding.Vulnerability.Id, StringComparer.Ordinal)
            .Select(g =>
            {
                var top = g.MaxBy(i => i.Finding.Priority.Score)!.Finding;
                var views = g.Select(i => i.Finding.Vulnerability).ToList();
                var needed = g.SelectMany(i => i.Needed).Distinct(StringComparer.Ordinal).ToList();
                var fixedVersion = needed.Count == 0 ? null : FixedVersions.Highest(order, g.First().Ecosystem.Name, needed) ?? string.Join(", ", needed);
                var aliases = views.SelectMany(v => v.Aliases).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                return new RecommendedVulnerability(
                    g.Key,
                    aliases,
                    views.Select(v => v.Severity).MaxBy(SeverityRank)!,
                    views.Max(v => v.CvssScore),
                    views.Select(v => v.Title).FirstOrDefault(t => t is not null),
                    views.Select(v => v.Kev).FirstOrDefault(k => k is not null),
                    views.Select(v => v.Epss).OfType<EpssView>().MaxBy(e => e.Score),
                    fixedVersion,
                    g.Select(i => i.Finding.Package.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                    top.Priority.Score,
                    top.Priority.Level,
                    Links(g.Key, aliases, views.Select(v => v.Url).FirstOrDefault(u => u is not null)));
            })
            .OrderByDescending(v => v.Priority).ThenBy(v => v.Id, StringComparer.Ordinal)
            .ToList();

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

    private static RecommendationPriority PriorityOf(List<Item> items, List<RecommendedVulnerability> vulnerabilities)
    {
        var top = items.OrderByDescending(i => i.Finding.Priority.Score)
            .ThenBy(i => i.Finding.Vulnerability.Id, StringComparer.Ordinal).ThenBy(i => i.Image, StringComparer.Ordinal).First();
        var priority = top.Finding.Priority;
        var sum = Math.Round(vulnerabilities.Sum(v => v.Priority), 1);
        var factors = string.Join(", ", priority.Factors.Select(f =>
            $"{f.Name} {f.Value} ({(f.Contribution >= 0 ? "+" : "")}{f.Contribution.ToString("0.#", CultureInfo.InvariantCulture)})"));
        var where = Reference(top.Finding) ?? top.Image;
        var why = string.Create(CultureInfo.InvariantCulture,
            $"{top.Finding.Vulnerability.Id} in {top.Finding.Package.Name} on {where} is {priority.Level} {priority.Score:0.#}: {factors}. " +
            $"The action covers {vulnerabilities.Count} CVE{(vulnerabilities.Count == 1 ? "" : "s")} with priorities summing to {sum:0.#}.");
        return new RecommendationPriority(priority.Level, priority.Score, sum, top.Finding.Vulnerability.Id, top.Image, priority.Factors, why);
    }

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

    private const string Unknown = "unknown";

    private static Item Describe(FindingTrace finding, IVersionOrder order)
    {
        var package = finding.Package;
        var ecosystem = PackageEcosystems.Of(package.Purl, package.Type) ?? new PackageEcosystem(package.Type ?? Unknown, false);
        var imageRepository = Reference(finding) is { } reference ? WithoutTag(reference) : null;
        var owner = finding.Source is { } s
            ? new RecommendationOwner(s.Repository, s.RepositoryUrl, imageRepository)
            : new RecommendationOwner(null, null, imageRepository);
        var image = finding.Registry?.Digest ?? finding.Runtime.Select(r => r.ImageDigest).FirstOrDefault() ?? Unknown;

        var dockerfile = finding.Source?.Dockerfile;
        var attributed = dockerfile is { Line: not null, Confidence: > 0, Instruction: not null };
        var fromBase = attributed && dockerfile!.Instruction!.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase);
        var action = fromBase ? RecommendationActions.BaseImage
            : !ecosystem.IsDistro ? RecommendationActions.LanguagePackage
            : attributed ? RecommendationActions.OsPackage
            : RecommendationActions.Image;
        var location = fromBase ? $"base\n{dockerfile!.Path}\n{dockerfile.BaseImage}"
            : attributed ? $"line\n{dockerfile!.Path}\n{dockerfile.Line}\n{RecommendationGrouper.Instruction(dockerfile.Instruction)}"
            : Unknown;
        var source = ecosystem.IsDistro ? PackageEcosystems.SourceName(package.SourcePackage) ?? PackageEcosystems.UpstreamOf(package.Purl) : null;
        return new Item(
            finding,
            ecosystem,
            owner,
            owner.Repository ?? "image:" + (imageRepository ?? image),
            action,
            location,
            source,
            source ?? package.Name,
            FixedVersions.Needed(order, ecosystem.Name, package.Version, package.FixedVersion),
            image);
    }

    private static string? Reference(FindingTrace finding) =>
        finding.Registry?.References is { Count: > 0 } references ? (references.FirstOrDefault(r => r.Current) ?? references[0]).Reference : null;

    /// <summary><c>registry/repo:tag</c> or <c>registry/repo@sha256:…</c> → <c>registry/repo</c>.</summary>
    private static string WithoutTag(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var name = at >= 0 ? reference[..at] : reference;
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name[..colon] : name;
    }

    private sealed record Item(
        FindingTrace Finding,
        PackageEcosystem Ecosystem,
        RecommendationOwner Owner,
        string OwnerKey,
        string Action,
        string LocationKey,
        string? Source,
        string PackageKey,
        IReadOnlyList<string> Needed,
        string Image);
}
