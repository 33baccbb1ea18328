using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Tether.Server.Api;

/// <summary><c>GET /findings</c>: the running findings, highest priority first, filtered and paged.</summary>
public static class FindingsEndpoints
{
    private static readonly string[] KnownLevels = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"];

    public static RouteGroupBuilder MapFindings(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/findings", async (string? severity, string? priority, string? cluster, int? limit, string? cursor, RunningFindings findings, CancellationToken ct) =>
        {
            var severities = Levels(severity, "severity");
            var priorities = Levels(priority, "priority");
            var offset = 0;
            if (Paging.Decode(cursor) is { } key && !int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
            {
                return ApiErrors.BadRequest("cursor", "not a cursor this API returned.");
            }

            var take = Paging.Limit(limit);
            var matching = (await findings.GetAsync(ct).ConfigureAwait(false))
                .Where(r => severities is null || severities.Contains(r.Finding.Severity))
                .Where(r => priorities is null || priorities.Contains(r.Finding.Level))
                .Where(r => string.IsNullOrEmpty(cluster) || r.Finding.Clusters.Contains(cluster, StringComparer.Ordinal))
                .Skip(offset).Take(take + 1).ToList();
            var next = matching.Count > take ? Paging.Encode((offset + take).ToString(CultureInfo.InvariantCulture)) : null;
            return Results.Ok(new Page<RunningFinding>([.. matching.Take(take).Select(findings.Describe)], next));
        }).WithName("ListFindings").WithTags("findings")
            .WithSummary("Findings in running images, highest priority first; severity and priority take comma-separated levels (CRITICAL,HIGH,…), cluster a cluster name.");
        return api;
    }

    private static HashSet<string>? Levels(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var level = part.ToUpperInvariant();
            if (!KnownLevels.Contains(level))
            {
                throw new BadRequestException(field, $"'{part}' is not one of {string.Join(", ", KnownLevels)}.");
            }

            set.Add(level);
        }

        return set;
    }
}
