using Tether.Core.Advisories;
using Tether.Core.Graph;
using Tether.Core.Risk;
using Tether.Core.Trace;

namespace Tether.Core.Recommend;

/// <summary>
/// Recommendations for what runs: every image a current container in the collected clusters (or one cluster) runs,
/// its chain traced once (<see cref="TraceEngine"/>, read set-wise, never per pod or per image), its findings read per
/// layer and shared by the images having the layer (<see cref="RunningFindingsReader"/>), then grouped into fix actions
/// by <see cref="RecommendationGrouper"/>. The one entry point for the CLI and the REST API.
/// </summary>
public sealed class Recommender(IGraphStore store, IVersionOrder versions, IAdvisoryStore? advisories = null, RiskSettings? settings = null)
{
    private readonly RiskSettings _settings = settings ?? RiskSettings.Default;

    public async Task<RecommendationReport> RecommendAsync(RecommendationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var graph = new GraphReader(store, cancellationToken);
        var images = await new RunningFindingsReader(graph, versions, _settings).ReadAsync(query.Cluster, advisories, cancellationToken).ConfigureAwait(false);
        var repository = query.Repository is { } r ? Identity.RepositoryUrl.TryNormalize(r) ?? r : null;
        return RecommendationGrouper.GroupImages(images, versions, query with { Repository = repository }, _settings.Weights);
    }

    /// <summary>
    /// Every finding in a running image (of one cluster, or all), most urgent first: one per (image, vulnerability,
    /// package, version), read set-wise like the recommendations (not one trace per image). <c>GET /findings</c>.
    /// </summary>
    public async Task<IReadOnlyList<RunningFindingRow>> ListFindingsAsync(string? cluster, CancellationToken cancellationToken = default)
    {
        var graph = new GraphReader(store, cancellationToken);
        var images = await new RunningFindingsReader(graph, versions, _settings).ReadAsync(cluster, advisories, cancellationToken).ConfigureAwait(false);
        FindingDedup.Apply(images, Runs);
        var rows = images.Where(Runs)
            .SelectMany(image => image.Slots.SelectMany(slot => slot.Findings.Items)
                .Select(finding => new RunningFindingRow(finding, image, RecommendationGrouper.Score(finding, image))))
            .ToList();
        rows.Sort(RunningFindingRow.CompareUrgency);
        return rows;
    }

    private static bool Runs(RunningImage image) => image.Pods > 0;
}
