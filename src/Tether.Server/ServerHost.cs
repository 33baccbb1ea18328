using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tether.Core.Graph;
using Tether.Core.Json;
using Tether.Server.Access;
using Tether.Server.Api;
using Tether.Server.Collectors;
using Tether.Server.Operations;
using Tether.Server.Operations.Metrics;
using Tether.Web;
using Tether.Web.Access;

namespace Tether.Server;

/// <summary>
/// Composes the server: the stores opened by the caller (the CLI), access, the API, operations endpoints and the
/// background collectors, each module added by one call so the composition reads top to bottom.
/// </summary>
public static class ServerHost
{
    /// <summary>
    /// The API's endpoint groups under <c>/api/v1</c>, each needing a viewer at least (groups ask more where they change
    /// data). Adding a group (explorer, recommendations…) is one line here.
    /// </summary>
    private static readonly Action<RouteGroupBuilder>[] ApiGroups =
    [
        api => api.MapStatus(),
        api => api.MapInventory(),
        api => api.MapFindings(),
        api => api.MapTrace(),
        api => api.MapTokens(),
        api => api.MapExplorer(),
        api => api.MapRecommendations(),
    ];

    public static WebApplication Build(ServerSettings settings, ServerStores stores, Action<IServiceCollection>? configure = null) =>
        Build(settings, stores, configure, extraApiGroups: []);

    /// <summary>The server, with more endpoint groups under <c>/api/v1</c> (<paramref name="extraApiGroups"/>, for the parts built elsewhere).</summary>
    public static WebApplication Build(ServerSettings settings, ServerStores stores, Action<IServiceCollection>? configure, IReadOnlyList<Action<RouteGroupBuilder>> extraApiGroups)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(extraApiGroups);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls([.. settings.Urls]);
        // Quiet by default: framework chatter and per-request authentication notes (401/403 are in the metrics) stay out of the log.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("System.Net.Http", LogLevel.Warning)
            .AddFilter(typeof(BearerTokenHandler).FullName, LogLevel.Warning);
        if (settings.LogRequests)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Information);
        }

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(stores.Graph);
        builder.Services.AddSingleton(stores.Advisories);
        builder.Services.AddSingleton(stores.Tokens);
        builder.Services.AddSingleton(stores.Leases);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(settings.Risk);
        builder.Services.AddSingleton<ServerMetrics>();
        builder.Services.AddSingleton<RunningFindings>();
        // One in-memory topology per process, shared by every explorer query and read again only after an ingest.
        builder.Services.AddSingleton(new GraphTopologyCache(stores.Graph));
        builder.Services.AddHostedService<TopologyRefresher>();
        builder.Services.AddSingleton<TraceResponseCache>();
        // One report per query and graph generation for the API and the web page (Tether.Web knows no version schemes).
        builder.Services.AddSingleton(new Tether.Core.Recommend.RecommendationCache(stores.Graph, TimeProvider.System, (query, ct) =>
            new Tether.Core.Recommend.Recommender(stores.Graph, Tether.Vulnerabilities.Versions.EcosystemVersionOrder.Instance, stores.Advisories, settings.Risk)
                .RecommendAsync(query, ct)));
        if (settings.WarmRecommendations)
        {
            builder.Services.AddHostedService<RecommendationWarmer>();
        }
        builder.Services.ConfigureHttpJsonOptions(o => TetherJson.Apply(o.SerializerOptions, indented: false));
        builder.Services.AddProblemDetails();
        builder.Services.AddRequestTimeouts(o => o.DefaultPolicy = new RequestTimeoutPolicy { Timeout = settings.RequestTimeout });
        builder.Services.AddOpenApi();
        builder.Services.AddTetherAccess(settings.Access, settings.Oidc);
        builder.Services.AddTetherCollectors(settings.Collectors);
        builder.Services.AddTetherWeb().AddSingleton<ISignInCheck, TokenSignInCheck>();
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseRequestMetrics();
        app.UseApiErrors();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRequestTimeouts();

        app.MapOperations(settings.Access);
        app.MapOpenApi().AllowAnonymous();
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.View);
        foreach (var group in ApiGroups.Concat(extraApiGroups))
        {
            group(api);
        }

        // CI reports are the one API a pipeline's token (scoped) or an OIDC token may call: outside the viewer group.
        app.MapGroup("/api/v1").RequireAuthorization(Policies.ReportCi).MapCiReports();
        app.MapTetherWeb();

        return app;
    }
}
