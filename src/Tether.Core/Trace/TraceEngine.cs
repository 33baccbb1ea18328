using Tether.Core.Advisories;
using Tether.Core.Graph;
using Tether.Core.Model;

namespace Tether.Core.Trace;

/// <summary>
/// Traces a vulnerability id, an image (reference or digest) or a pod through runtime → registry →
/// pipeline → source. Each image is resolved once per trace and shared by its findings.
/// </summary>
public sealed class TraceEngine(IGraphStore store, IAdvisoryStore? advisories = null, Risk.RiskSettings? settings = null)
{
    /// <summary>Images whose chains are read together by <see cref="ResolveChainsAsync"/>: a few store round trips per edge type each.</summary>
    internal const int ChainBatch = 1_000;

    private readonly Risk.RiskSettings _settings = settings ?? Risk.RiskSettings.Default;

    public async Task<TraceReport> TraceAsync(string target, string? cluster = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        var graph = new GraphReader(store, cancellationToken);
        var resolved = await TargetResolver.ResolveAsync(graph, target.Trim(), cluster).ConfigureAwait(false);
        return await TraceResolvedAsync(graph, resolved, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The trace of resolved nodes; recommendations pass every running image at once (Recommend/Recommender).</summary>
    internal async Task<TraceReport> TraceResolvedAsync(GraphReader graph, TargetResolver.Resolved resolved, CancellationToken cancellationToken)
    {
        var chains = new Dictionary<long, Chain>();
        async Task<Chain> ChainOf(StoredNode image)
        {
            if (!chains.TryGetValue(image.Id, out var chain))
            {
                chain = await ResolveChainAsync(graph, image).ConfigureAwait(false);
                chains[image.Id] = chain;
            }

            return chain;
        }

        var findings = new List<FindingTrace>();
        var findingCounts = new Dictionary<long, int>();

        // A finding linked from both an index and its platform manifest (or reached through two digests of one
        // family) is one finding: the first chain that reaches it keeps it.
        var seen = new HashSet<(long Finding, long Family)>();
        bool FirstTime(Chain chain, long finding) => seen.Add((finding, chain.Family.Min(n => n.Id)));
        void AddFinding(Chain chain, StoredNode finding, Hop imageFindingLink, StoredNode vulnerability)
        {
            if (FirstTime(chain, finding.Id))
            {
                findings.Add(BuildFinding(graph, chain, finding, imageFindingLink.Evidence("image has vulnerable package"), vulnerability));
                findingCounts[chain.Image.Id] = findingCounts.GetValueOrDefault(chain.Image.Id) + 1;
            }
        }

        void AddNative(Chain chain, NativeFindings.Item item)
        {
            if (FirstTime(chain, item.Match.Id))
            {
                findings.Add(BuildNativeFinding(graph, chain, item));
                findingCounts[chain.Image.Id] = findingCounts.GetValueOrDefault(chain.Image.Id) + 1;
            }
        }

        if (resolved.Vulnerabilities.Count > 0)
        {
            var findingHops = (await graph.FollowAsync(resolved.Vulnerabilities, EdgeDirection.Incoming, EdgeTypes.OfVulnerability).ConfigureAwait(false))
                .Where(h => h.Node.Kind == NodeKinds.Finding)
                .ToList();
            var vulnerabilityOf = findingHops.GroupBy(h => h.Node.Id).ToDictionary(g => g.Key, g => g.First().Origin);
            var imageHops = (await graph.FollowAsync(findingHops.Select(h => h.Node).DistinctBy(n => n.Id), EdgeDirection.Incoming, EdgeTypes.HasFinding).ConfigureAwait(false))
                .OrderByDescending(h => h.Node.Key == h.Origin.Facts<FindingFacts>().ImageDigest)
                .ToList();
            var native = await NativeFindings.ForVulnerabilitiesAsync(graph, resolved.Vulnerabilities).ConfigureAwait(false);
            await ChainPrefetch.LoadAsync(graph, imageHops.Select(h => h.Node).Concat(native.Select(i => i.Image)).DistinctBy(n => n.Id).ToList()).ConfigureAwait(false);
            foreach (var imageHop in imageHops)
            {
                var vulnerability = vulnerabilityOf[imageHop.Origin.Id];
                AddFinding(await ChainOf(imageHop.Node).ConfigureAwait(false), imageHop.Origin, imageHop, vulnerability);
            }

            foreach (var item in native)
            {
                AddNative(await ChainOf(item.Image).ConfigureAwait(false), item);
            }
        }

        await ChainPrefetch.LoadAsync(graph, resolved.Images).ConfigureAwait(false);
        foreach (var image in resolved.Images)
        {
            var chain = await ChainOf(image).ConfigureAwait(false);
            var findingHops = await graph.FollowAsync(chain.Family, EdgeDirection.Outgoing, EdgeTypes.HasFinding).ConfigureAwait(false);
            var vulnerabilities = (await graph.FollowAsync(findingHops.Select(h => h.Node).DistinctBy(n => n.Id), EdgeDirection.Outgoing, EdgeTypes.OfVulnerability).ConfigureAwait(false))
                .GroupBy(h => h.Origin.Id).ToDictionary(g => g.Key, g => g.First().Node);
            foreach (var hop in findingHops)
            {
                if (vulnerabilities.TryGetValue(hop.Node.Id, out var vulnerability))
                {
                    AddFinding(chain, hop.Node, hop, vulnerability);
                }
            }

            foreach (var item in await NativeFindings.ForImageAsync(graph, image, chain.Family).ConfigureAwait(false))
            {
                AddNative(chain, item);
            }
        }

        var images = chains.Values.Select(c => c.ToImageTrace(findingCounts.GetValueOrDefault(c.Image.Id))).ToList();
        if (advisories is not null)
        {
            findings = await ExploitSignals.ApplyAsync(advisories, findings, _settings.Weights, cancellationToken).ConfigureAwait(false);
        }

        return new TraceReport(
            resolved.Target,
            findings.OrderByDescending(f => f.Priority.Score).ThenBy(f => f.Vulnerability.Id, StringComparer.Ordinal).ThenBy(f => f.Package.Name, StringComparer.Ordinal).ToList(),
            images);
    }

    /// <summary>
    /// The chains of many images (runtime, registry, pipeline, source, blast radius), their links read for a batch of
    /// images at once (<see cref="ChainPrefetch"/>), in the order given. Recommendations (Recommend/Recommender) trace
    /// the findings they group from these, without a <see cref="FindingTrace"/> per (image, finding). Each batch has a
    /// reader of its own, dropped once its chains are resolved: the cache of every pod, container and edge of all
    /// running images at once was most of the recommendation run's memory, and the store calls stay about as many (the
    /// store chunks its IN lists by 500 anyway; a batch re-reads only what it shares with another, namespaces, services).
    /// </summary>
    internal async Task<IReadOnlyList<Chain>> ResolveChainsAsync(IReadOnlyList<StoredNode> images, CancellationToken cancellationToken, int batchSize = ChainBatch)
    {
        var chains = new List<Chain>(images.Count);
        foreach (var batch in images.Chunk(batchSize))
        {
            var graph = new GraphReader(store, cancellationToken);
            await ChainPrefetch.LoadAsync(graph, batch).ConfigureAwait(false);
            foreach (var image in batch)
            {
                chains.Add(await ResolveChainAsync(graph, image).ConfigureAwait(false));
            }
        }

        return chains;
    }

    private async Task<Chain> ResolveChainAsync(GraphReader graph, StoredNode image)
    {
        var related = await graph.FollowAsync([image], EdgeDirection.Incoming, EdgeTypes.HasManifest).ConfigureAwait(false);
        var children = await graph.FollowAsync([image], EdgeDirection.Outgoing, EdgeTypes.HasManifest).ConfigureAwait(false);
        var family = new[] { image }.Concat(related.Select(h => h.Node)).Concat(children.Select(h => h.Node)).DistinctBy(n => n.Id).ToList();

        var gaps = new List<TraceGap>();
        var runtime = await RuntimeResolver.ResolveAsync(graph, family, _settings).ConfigureAwait(false);
        if (runtime.Count == 0)
        {
            gaps.Add(new TraceGap("runtime", $"no running container in the collected clusters reports {image.Key} (or its index or platform manifests)."));
        }

        var registry = await RegistryResolver.ResolveAsync(graph, image, family, gaps).ConfigureAwait(false);
        var (pipeline, run) = await PipelineResolver.ResolveAsync(graph, image, family, gaps).ConfigureAwait(false);
        var source = await SourceResolver.ResolveAsync(graph, image, family, run, gaps).ConfigureAwait(false);
        return new Chain(image, family, runtime, registry, pipeline, source, BlastRadius.Of(runtime), gaps);
    }

    private FindingTrace BuildFinding(GraphReader graph, Chain chain, StoredNode findingNode, EvidenceView evidence, StoredNode vulnerabilityNode)
    {
        var finding = graph.Facts<FindingFacts>(findingNode);
        var package = new PackageView(
            finding.PackageName,
            finding.InstalledVersion,
            finding.PackageType,
            finding.Purl,
            finding.FixedVersion,
            finding.LayerDiffId,
            finding.ReportedBy,
            evidence)
        {
            SourcePackage = finding.SourcePackage,
        };
        return Complete(graph, chain, View(graph, vulnerabilityNode, finding.Severity), package);
    }

    private FindingTrace BuildNativeFinding(GraphReader graph, Chain chain, NativeFindings.Item item)
    {
        var package = graph.Facts<PackageFacts>(item.Package);
        var match = graph.Facts<VulnerabilityMatchFacts>(item.Match);
        var view = new PackageView(
            package.Name,
            package.Version,
            package.Type,
            package.Purl,
            match.FixedVersion,
            item.LayerDiffId,
            $"tether ({match.AdvisoryId})",
            item.PackageToMatch.Evidence("package matched by advisory"))
        {
            SourcePackage = package.SourceName,
        };
        return Complete(graph, chain, View(graph, item.Vulnerability, match.Severity), view) with
        {
            Match = new MatchView(match.AdvisoryId, match.AffectedIndex, match.RangeIndex, match.MatchedOn, match.Reason, match.Introduced, match.FixedVersion, match.LastAffected),
        };
    }

    internal static VulnerabilityView View(GraphReader graph, StoredNode vulnerabilityNode, string? packageSeverity)
    {
        var vulnerability = graph.Facts<VulnerabilityFacts>(vulnerabilityNode);
        return new VulnerabilityView(
            vulnerability.Id,
            vulnerability.AliasIds ?? [],
            packageSeverity ?? vulnerability.Severity ?? "UNKNOWN",
            vulnerability.CvssScore,
            vulnerability.CvssVector,
            vulnerability.Title,
            vulnerability.Url);
    }

    /// <summary>The layers, the Dockerfile line of the package's layer, the blast radius and the priority.</summary>
    private FindingTrace Complete(GraphReader graph, Chain chain, VulnerabilityView view, PackageView package)
    {
        var gaps = chain.Gaps.ToList();
        var source = SourceOf(graph, chain, package.LayerDiffId);
        if (chain.Source is { Dockerfile: not null, Sha: not null } && source?.Dockerfile?.Line is null)
        {
            gaps.Add(new TraceGap("source", package.LayerDiffId is null
                ? "nothing says which layer holds the package, so no Dockerfile line."
                : $"layer {package.LayerDiffId} could not be matched to a Dockerfile instruction."));
        }

        return new FindingTrace(view, package, chain.Runtime, chain.Registry, chain.Pipeline, source, chain.BlastRadius, PriorityScorer.Score(view, package, chain.BlastRadius, _settings.Weights), gaps);
    }

    /// <summary>The SOURCE layer of a package in the image: the chain's source, with the Dockerfile line of the package's layer.</summary>
    internal static SourceLayer? SourceOf(GraphReader graph, Chain chain, string? layerDiffId)
    {
        if (chain.Source is not { Dockerfile: { } dockerfile, Sha: { } sha } resolved)
        {
            return chain.Source?.Layer;
        }

        var layerImage = chain.Family.Select(graph.Facts<ImageFacts>)
            .FirstOrDefault(i => layerDiffId is not null && i.DiffIds?.Contains(layerDiffId, StringComparer.OrdinalIgnoreCase) == true)
            ?? chain.Family.Select(graph.Facts<ImageFacts>).FirstOrDefault(i => i.DiffIds is { Count: > 0 });
        return resolved.Layer with { Dockerfile = DockerfileAttribution.Attribute(dockerfile, resolved.Repository, sha, layerImage, layerDiffId) };
    }

    internal sealed record Chain(
        StoredNode Image,
        IReadOnlyList<StoredNode> Family,
        IReadOnlyList<RuntimeInstance> Runtime,
        RegistryLayer? Registry,
        PipelineLayer? Pipeline,
        SourceResolver.Resolved? Source,
        BlastRadius BlastRadius,
        IReadOnlyList<TraceGap> Gaps)
    {
        public ImageTrace ToImageTrace(int findingCount)
        {
            var source = Source is { Dockerfile: { } dockerfile, Sha: { } sha }
                ? Source.Layer with { Dockerfile = DockerfileAttribution.Attribute(dockerfile, Source.Repository, sha, null, null) }
                : Source?.Layer;
            return new ImageTrace(Image.Key, Runtime, Registry, Pipeline, source, BlastRadius, Gaps, findingCount);
        }
    }
}
