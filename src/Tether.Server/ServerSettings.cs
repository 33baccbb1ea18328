using Tether.Server.Access;
using Tether.Server.Access.Oidc;
using Tether.Server.Collectors;

namespace Tether.Server;

/// <summary>How <c>tether serve</c> was asked to run (options and <c>tether-serve.yaml</c>).</summary>
/// <param name="Urls">Listen addresses, e.g. <c>http://127.0.0.1:8080</c>.</param>
public sealed record ServerSettings(IReadOnlyList<string> Urls)
{
    public AccessOptions Access { get; init; } = new();
    public GitHubOidcOptions Oidc { get; init; } = new();
    public CollectorSettings Collectors { get; init; } = new();

    /// <summary>Environment and data mappings and priority weights (the CLI's <c>--config</c>): the API and the UI rank as the CLI does.</summary>
    public Core.Risk.RiskSettings Risk { get; init; } = Core.Risk.RiskSettings.Default;

    /// <summary>A request running longer is cancelled (the store calls see the cancellation) and answered 504.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>One log line per request (method, route, status, time); off by default.</summary>
    public bool LogRequests { get; init; }

    /// <summary>
    /// Compute the default recommendations when the server starts, so the first view of the overview and the
    /// Recommendations page does not wait for them (seconds and ≈ 0.5 GB at 100,000 pods, beside the traffic). An
    /// API-only deployment can turn it off; the pages then compute them on their first view.
    /// </summary>
    public bool WarmRecommendations { get; init; } = true;
}

/// <summary>The stores the server works on, opened by the caller (the CLI) from one <c>--db</c>.</summary>
public sealed record ServerStores(
    Core.Graph.IGraphStore Graph,
    Core.Advisories.IAdvisoryStore Advisories,
    Core.Access.IApiTokenStore Tokens,
    Core.Coordination.ILeaseStore Leases);
