using Tether.Core.Advisories;
using Tether.Core.Graph;
using Tether.Core.Model;

namespace Tether.Vulnerabilities.Matching;

/// <summary>
/// Keeps Tether's own findings in the graph in step with the advisory database, without rescanning anything:
/// package nodes are matched (<see cref="PackageMatcher"/>), and the difference with their current matches is stored
/// as <c>vulnerability_match</c> nodes (package -has_match-> match -of_vulnerability-> vulnerability, evidence
/// <c>osv-match</c> naming the record and its <c>modified</c>) plus <c>finding_event</c> nodes (new / resolved, with
/// the time). A resolved match is ended, not deleted: its window says when it was open. Unchanged matches are not
/// rewritten, so an incremental run costs only what changed. Each page of packages is one transaction.
/// </summary>
public sealed class GraphMatcher(IGraphStore graph, IAdvisoryStore advisories, TimeProvider time)
{
    public const string Collector = "osv-matcher";

    /// <summary>Packages matched and stored per transaction.</summary>
    public int PageSize { get; init; } = 5_000;

    /// <summary>Every package in the graph, page by page (<c>tether vuln rematch</c>, or after a large import).</summary>
    public async Task<RematchSummary> MatchAllAsync(IProgress<(long Done, long Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        var counts = await graph.CountAsync(cancellationToken).ConfigureAwait(false);
        var total = counts.NodesByKind.GetValueOrDefault(NodeKinds.Package);
        var summary = RematchSummary.Empty;
        string? after = null;
        while (true)
        {
            var page = await graph.ListNodesAsync(NodeKinds.Package, after, PageSize, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                return summary;
            }

            summary = summary.Add(await MatchNodesAsync(page, cancellationToken).ConfigureAwait(false));
            after = page[^1].Key;
            progress?.Report((summary.Packages, total));
        }
    }

    /// <summary>The packages with these keys (those just ingested from an SBOM).</summary>
    public Task<RematchSummary> MatchPackagesAsync(IReadOnlyCollection<string> packageKeys, CancellationToken cancellationToken = default) =>
        MatchPackagesAsync(packageKeys, null, cancellationToken);

    /// <summary>The packages with these keys; every match found (stored or unchanged) is also added to <paramref name="matches"/>,
    /// so a caller that prints them (<c>tether scan</c>) does not match the same packages a second time.</summary>
    public async Task<RematchSummary> MatchPackagesAsync(IReadOnlyCollection<string> packageKeys, ICollection<PackageMatch>? matches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packageKeys);
        var nodes = await graph.FindNodesByKeysAsync(NodeKinds.Package, packageKeys, cancellationToken).ConfigureAwait(false);
        return await MatchInPagesAsync(nodes, cancellationToken, matches).ConfigureAwait(false);
    }

    /// <summary>
    /// The packages an import touched: those the changed records affect now, and those they matched before (a record
    /// withdrawn or narrowed resolves its findings).
    /// </summary>
    public async Task<RematchSummary> MatchChangesAsync(IReadOnlyCollection<AdvisoryChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var aliases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var package in changes.SelectMany(c => c.Packages).Distinct())
        {
            foreach (var ecosystem in AdvisoryNaming.PackageEcosystems(package.Ecosystem))
            {
                aliases.Add(PackageFacts.NameAlias(ecosystem, package.Name));
                if (PackageFacts.IsDistro(ecosystem))
                {
                    aliases.Add(PackageFacts.SourceAlias(ecosystem, package.Name));
                }
            }
        }

        var nodes = (await graph.FindNodesByAliasesAsync(NodeKinds.Package, aliases, cancellationToken).ConfigureAwait(false)).ToList();
        var previous = await graph.FindNodesByAliasesAsync(
            NodeKinds.VulnerabilityMatch, [.. changes.Select(c => VulnerabilityMatchFacts.AdvisoryAlias(c.AdvisoryId))], cancellationToken).ConfigureAwait(false);
        var previousPackages = previous.Where(m => m.IsCurrent).Select(m => m.Facts<VulnerabilityMatchFacts>().PackageKey).ToHashSet(StringComparer.Ordinal);
        previousPackages.ExceptWith(nodes.Select(n => n.Key));
        nodes.AddRange(await graph.FindNodesByKeysAsync(NodeKinds.Package, previousPackages, cancellationToken).ConfigureAwait(false));
        return await MatchInPagesAsync(nodes, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RematchSummary> MatchInPagesAsync(IReadOnlyList<StoredNode> nodes, CancellationToken cancellationToken, ICollection<PackageMatch>? matches = null)
    {
        var summary = RematchSummary.Empty;
        foreach (var page in nodes.DistinctBy(n => n.Id).OrderBy(n => n.Key, StringComparer.Ordinal).Chunk(PageSize))
        {
            summary = summary.Add(await MatchNodesAsync(page, cancellationToken, matches).ConfigureAwait(false));
        }

        return summary;
    }

    private async Task<RematchSummary> MatchNodesAsync(IReadOnlyList<StoredNode> packageNodes, CancellationToken cancellationToken, ICollection<PackageMatch>? matches = null)
    {
        var packages = packageNodes.Select(n => MatchablePackage.From(n.Facts<PackageFacts>())).ToList();
        var outcome = await new PackageMatcher(advisories).MatchAsync(packages, cancellationToken).ConfigureAwait(false);
        if (matches is not null)
        {
            foreach (var match in outcome.Matches)
            {
                matches.Add(match);
            }
        }

        var current = await CurrentMatchesAsync(packageNodes, cancellationToken).ConfigureAwait(false);

        var now = time.GetUtcNow();
        var batch = new GraphBatch(Collector, now);
        var written = new List<PackageMatch>();
        int created = 0, changed = 0;
        foreach (var match in outcome.Matches)
        {
            var facts = MatchFactsBuilder.Match(match);
            if (current.Remove(facts.Key, out var stored) && stored == facts)
            {
                continue;
            }

            if (stored is null)
            {
                created++;
                Event(batch, now, FindingEventFacts.New, facts, facts.Reason);
            }
            else
            {
                changed++;
            }

            written.Add(match);
            batch.Add(facts);
        }

        var resolvedReasons = await ResolvedReasonsAsync(current.Values, cancellationToken).ConfigureAwait(false);
        foreach (var gone in current.Values)
        {
            batch.End(gone.Ref);
            Event(batch, now, FindingEventFacts.Resolved, gone, resolvedReasons[gone.AdvisoryId]);
        }

        await AddVulnerabilitiesAsync(batch, written, now, cancellationToken).ConfigureAwait(false);
        if (!batch.IsEmpty)
        {
            await graph.IngestAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        return new RematchSummary
        {
            Packages = packages.Count,
            Matches = outcome.Matches.Count,
            New = created,
            Changed = changed,
            Resolved = current.Count,
            Evaluations = outcome.Evaluations,
            PackagesWithoutAdvisories = outcome.PackagesWithoutAdvisories,
            Warnings = outcome.Warnings,
        };
    }

    /// <summary>Current matches of the packages, by match key.</summary>
    private async Task<Dictionary<string, VulnerabilityMatchFacts>> CurrentMatchesAsync(IReadOnlyList<StoredNode> packages, CancellationToken cancellationToken)
    {
        var edges = await graph.GetEdgesAsync([.. packages.Select(p => p.Id)], EdgeDirection.Outgoing, [EdgeTypes.HasMatch], cancellationToken).ConfigureAwait(false);
        var nodes = await graph.GetNodesAsync([.. edges.Select(e => e.ToId)], cancellationToken).ConfigureAwait(false);
        return nodes.Where(n => n.IsCurrent && n.Kind == NodeKinds.VulnerabilityMatch)
            .ToDictionary(n => n.Key, n => n.Facts<VulnerabilityMatchFacts>(), StringComparer.Ordinal);
    }

    /// <summary>Why each advisory no longer decides its matches: withdrawn, changed, or gone from the database.</summary>
    private async Task<Dictionary<string, string>> ResolvedReasonsAsync(IEnumerable<VulnerabilityMatchFacts> resolved, CancellationToken cancellationToken)
    {
        var ids = resolved.Select(m => m.AdvisoryId).Distinct(StringComparer.Ordinal).ToList();
        var records = (await advisories.GetAdvisoriesAsync(ids, cancellationToken).ConfigureAwait(false)).ToDictionary(a => a.Id, StringComparer.Ordinal);
        return ids.ToDictionary(id => id, id => records.TryGetValue(id, out var record)
            ? record.Withdrawn is { } withdrawn
                ? $"{id} was withdrawn on {withdrawn:yyyy-MM-dd}"
                : $"{id} (modified {record.Modified:yyyy-MM-dd}) no longer lists this version as affected"
            : $"{id} is no longer in the advisory database", StringComparer.Ordinal);
    }

    /// <summary>The vulnerability nodes of written matches, described by the records that decided them, and the links.</summary>
    private async Task AddVulnerabilitiesAsync(GraphBatch batch, IReadOnlyList<PackageMatch> written, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var records = (await advisories.GetAdvisoriesAsync([.. written.Select(m => m.Entry.AdvisoryId)], cancellationToken).ConfigureAwait(false))
            .ToDictionary(a => a.Id, StringComparer.Ordinal);
        foreach (var byVulnerability in written.GroupBy(m => m.VulnerabilityId, StringComparer.Ordinal))
        {
            var deciding = byVulnerability.Select(m => m.Entry.AdvisoryId).Distinct(StringComparer.Ordinal)
                .Select(records.GetValueOrDefault).OfType<StoredAdvisory>().ToList();
            batch.Add(MatchFactsBuilder.Vulnerability(byVulnerability.Key, deciding));
        }

        foreach (var match in written)
        {
            var matchRef = new NodeRef(NodeKinds.VulnerabilityMatch, VulnerabilityMatchFacts.KeyOf(match.Package.Key, match.VulnerabilityId));
            var evidence = new Evidence(Collector, EvidenceMethods.AdvisoryMatch, 1.0, now, EvidenceDocument(match.Entry));
            batch.Link(new NodeRef(NodeKinds.Package, match.Package.Key), EdgeTypes.HasMatch, matchRef, evidence);
            batch.Link(matchRef, EdgeTypes.OfVulnerability, new NodeRef(NodeKinds.Vulnerability, match.VulnerabilityId), evidence);
        }
    }

    /// <summary>The record and the version of it that decided: <c>GHSA-…@2023-09-05T22:24:55Z</c>.</summary>
    private static string EvidenceDocument(AffectedEntry entry) =>
        $"{entry.AdvisoryId}@{entry.AdvisoryModified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)}";

    private static void Event(GraphBatch batch, DateTimeOffset now, string change, VulnerabilityMatchFacts match, string reason)
    {
        var facts = batch.Add(new FindingEventFacts(now, change, match.Key)
        {
            VulnerabilityId = match.VulnerabilityId,
            PackageKey = match.PackageKey,
            AdvisoryId = match.AdvisoryId,
            Reason = reason,
        });
        batch.Link(facts.Ref, EdgeTypes.Records, match.Ref, new Evidence(Collector, EvidenceMethods.AdvisoryMatch, 1.0, now, match.AdvisoryId));
    }
}
