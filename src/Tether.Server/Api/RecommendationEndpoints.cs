using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tether.Core.Advisories;
using Tether.Core.Graph;
using Tether.Core.Risk;
using Tether.Core.Paths;
using Tether.Core.Recommend;

namespace Tether.Server.Api;

/// <summary>
/// The fix actions of <c>tether recommend -o json</c>, one as a GitHub issue in Markdown, and the attack paths of
/// <c>tether paths -o json</c>.
/// </summary>
public static class RecommendationEndpoints
{
    private static readonly string[] Severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];

    public static RouteGroupBuilder MapRecommendations(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/recommendations", async (string? cluster, string? repository, int? limit, RecommendationCache cache, CancellationToken ct) =>
            Results.Ok(await RecommendAsync(cache, cluster, repository, limit, ct).ConfigureAwait(false)))
            .WithName("Recommendations").WithTags("recommendations").Produces<RecommendationReport>()
            .WithSummary("Fix actions ranked by priority (limit: at most this many actions and no-fix groups, default 20, capped like every list).");

        api.MapGet("/recommendations/{rank:int}/issue", async (int rank, string? cluster, string? repository, RecommendationCache cache, CancellationToken ct) =>
        {
            // The same filters as the list, so the rank a client saw there names the same action.
            var report = await RecommendAsync(cache, cluster, repository, rank, ct).ConfigureAwait(false);
            if (report.Recommendations.FirstOrDefault(r => r.Rank == rank) is not { } recommendation)
            {
                return ApiErrors.NotFound($"no fix action ranked {rank} (there are {report.Scope.FixActions}).");
            }

            return Results.Text(RecommendationMarkdown.Issue(recommendation).Document, "text/markdown; charset=utf-8", Encoding.UTF8);
        }).WithName("RecommendationIssue").WithTags("recommendations")
            .WithSummary("The fix action of this rank as a GitHub issue: the first line is the title (# …), the rest the body.");

        api.MapGet("/attack-paths", async (string? minSeverity, string? cluster, IGraphStore graph, IAdvisoryStore advisories, RiskSettings risk, CancellationToken ct) =>
        {
            var severity = minSeverity?.Trim().ToUpperInvariant();
            if (!string.IsNullOrEmpty(severity) && !Severities.Contains(severity))
            {
                return ApiErrors.BadRequest("minSeverity", $"'{minSeverity}' is not one of {string.Join(", ", Severities)}.");
            }

            var paths = await new AttackPathFinder(graph, advisories, risk).FindAsync(
                new AttackPathQuery { MinSeverity = string.IsNullOrEmpty(severity) ? null : severity, Cluster = string.IsNullOrWhiteSpace(cluster) ? null : cluster }, ct)
                .ConfigureAwait(false);
            return Results.Ok(new { paths });
        }).WithName("AttackPaths").WithTags("recommendations");
        return api;
    }

    private static Task<RecommendationReport> RecommendAsync(
        RecommendationCache cache, string? cluster, string? repository, int? limit, CancellationToken ct) =>
        cache.GetAsync(RecommendationQuery.ForList(cluster, repository, Math.Clamp(limit ?? RecommendationQuery.ListLimit, 1, Paging.MaxLimit)), ct);
}
