using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Tether.Core.Recommend;
using Tether.Web.Access;

namespace Tether.Web;

/// <summary>
/// One fix action of the Recommendations page as a GitHub issue (Markdown, plain text so a browser shows it): what
/// the page's "Copy as issue" button fetches and its "Issue Markdown" link opens. Analysts and admins only, like the
/// button. The action is found by its id in the same list the page shows (same filters), so it names the same one
/// after the graph changed, as long as it is still in the list.
/// </summary>
public static class RecommendationIssueEndpoint
{
    public static string Url(string id, string? cluster, string? repository)
    {
        ArgumentNullException.ThrowIfNull(id);
        var filters = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(cluster))
        {
            filters["cluster"] = cluster;
        }

        if (!string.IsNullOrWhiteSpace(repository))
        {
            filters["repository"] = repository;
        }

        return QueryHelpers.AddQueryString($"/recommendations/{Uri.EscapeDataString(id)}/issue", filters);
    }

    internal static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/recommendations/{id}/issue", async (string id, string? cluster, string? repository, HttpContext context, RecommendationCache cache) =>
        {
            if (!WebAuth.CanAnalyze(context.User))
            {
                return Results.Text("Copying fix actions as issues needs the analyst or admin role.", "text/plain; charset=utf-8", Encoding.UTF8, StatusCodes.Status403Forbidden);
            }

            var report = (await cache.GetLatestAsync(RecommendationQuery.ForList(cluster, repository), context.RequestAborted).ConfigureAwait(false)).Report;
            if (report.Recommendations.Concat(report.NoFix).FirstOrDefault(r => r.Id == id) is not { } recommendation)
            {
                return Results.Text($"No fix action {id} in the current recommendations (fixed since, or no longer in the list): reload the Recommendations page.",
                    "text/plain; charset=utf-8", Encoding.UTF8, StatusCodes.Status404NotFound);
            }

            return Results.Text(RecommendationMarkdown.Issue(recommendation).Document, "text/plain; charset=utf-8", Encoding.UTF8);
        }).RequireAuthorization(WebAuth.ViewPolicy);
    }
}
