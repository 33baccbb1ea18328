using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Tether.Core.Advisories;
using Tether.Core.Graph;
using Tether.Core.Risk;
using Tether.Core.Trace;
using Tether.Vulnerabilities.Matching;

namespace Tether.Server.Api;

/// <summary>
/// <c>GET /trace</c> (the document of <c>tether trace -o json</c>), a vulnerability's running workloads
/// (<c>tether vuln workloads</c>) and the finding events (<c>tether vuln events</c>).
/// </summary>
public static class TraceEndpoints
{
    public static RouteGroupBuilder MapTrace(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/trace", async (
            string? target, string? cluster, IGraphStore graph, IAdvisoryStore advisories, RiskSettings risk, TraceResponseCache cache,
            IOptions<JsonOptions> json, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(target))
            {
                return ApiErrors.BadRequest("target", "target is required: a vulnerability id, an image reference or digest, or pod/NAMESPACE/NAME.");
            }

            cluster = string.IsNullOrWhiteSpace(cluster) ? null : cluster;
            var generation = await graph.GetGenerationAsync(ct).ConfigureAwait(false);
            if (!cache.TryGet(target, cluster, generation, out var body))
            {
                var report = await new TraceEngine(graph, advisories, risk).TraceAsync(target, cluster, ct).ConfigureAwait(false);
                body = JsonSerializer.SerializeToUtf8Bytes(report, json.Value.SerializerOptions);
                cache.Add(target, cluster, generation, body);
            }

            return Results.Bytes(body, "application/json; charset=utf-8");
        }).WithName("Trace").WithTags("trace").Produces<TraceReport>();

        api.MapGet("/vulnerabilities/{id}/workloads", async (string id, IGraphStore graph, RiskSettings risk, GraphTopologyCache topology, CancellationToken ct) =>
            Results.Ok(await AffectedWorkloads.FindAsync(graph, id, risk, topology, ct).ConfigureAwait(false)))
            .WithName("VulnerabilityWorkloads").WithTags("trace").Produces<AffectedRuntime>();

        api.MapGet("/findings/events", async (DateTimeOffset? since, string? change, int? limit, IGraphStore graph, TimeProvider time, CancellationToken ct) =>
        {
            if (change is not (null or Core.Model.FindingEventFacts.New or Core.Model.FindingEventFacts.Resolved))
            {
                return ApiErrors.BadRequest("change", $"change must be {Core.Model.FindingEventFacts.New} or {Core.Model.FindingEventFacts.Resolved}.");
            }

            var from = since ?? time.GetUtcNow().AddDays(-7);
            var events = await FindingEvents.ReadAsync(graph, from, change, Paging.Limit(limit), ct).ConfigureAwait(false);
            return Results.Ok(new
            {
                since = from,
                events = events.Select(e => new
                {
                    at = e.At,
                    change = e.Change,
                    vulnerability = e.VulnerabilityId,
                    package = e.PackageKey,
                    advisory = e.AdvisoryId,
                    reason = e.Reason,
                }),
            });
        }).WithName("FindingEvents").WithTags("findings");
        return api;
    }
}
