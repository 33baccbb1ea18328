using Tether.Core.Advisories;
using Tether.Core.Graph;
using Tether.Core.Risk;
using Tether.Core.Recommend;
using Tether.Core.Trace;
using Tether.Vulnerabilities.Versions;

namespace Tether.Server.Api;

/// <summary>One finding in a running image, with its priority: a row of <c>GET /findings</c>.</summary>
public sealed record RunningFinding(
    string Vulnerability,
    string Severity,
    string Package,
    string Version,
    string? FixedVersion,
    string Image,
    Priority Priority,
    int Pods,
    int InternetExposedPods,
    IReadOnlyList<string> Clusters);

/// <summary>
/// The findings of every image a current container runs, highest priority first, read set-wise by the recommender
/// (<see cref="Recommender.ListFindingsAsync"/>: one read per link type for all images, where it used to trace every
/// running image one by one — 15 s at 100,000 pods), kept for <see cref="MaxAge"/> so paging and repeated calls do not
/// re-read. A collector run or report does not invalidate it; it ages out.
/// </summary>
public sealed class RunningFindings(IGraphStore graph, IAdvisoryStore advisories, RiskSettings risk, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, IReadOnlyList<RunningFindingRow> Findings)? _cached;

    public async Task<IReadOnlyList<RunningFindingRow>> GetAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } hit && time.GetUtcNow() - hit.At < MaxAge)
        {
            return hit.Findings;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is { } again && time.GetUtcNow() - again.At < MaxAge)
            {
                return again.Findings;
            }

            var findings = await new Recommender(graph, EcosystemVersionOrder.Instance, advisories, risk).ListFindingsAsync(null, cancellationToken).ConfigureAwait(false);
            _cached = (time.GetUtcNow(), findings);
            return findings;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A row as the API shows it, with its priority's factors.</summary>
    public RunningFinding Describe(RunningFindingRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var f = row.Finding;
        return new RunningFinding(f.Vulnerability, f.Severity, f.Package, f.Version, f.FixedVersion, f.Image, row.Priority(risk.Weights), f.Pods, f.InternetExposedPods, f.Clusters);
    }
}
