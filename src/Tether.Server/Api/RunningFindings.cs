using Tether.Core.Advisories;
using Tether.Core.Graph;
using Tether.Core.Risk;
using Tether.Core.Model;
using Tether.Core.Trace;

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
/// The findings of every image a current container runs, highest priority first: each running image traced once
/// (the trace engine's own priority), the list kept for <see cref="MaxAge"/> so paging and repeated calls do not
/// re-trace. A collector run or report does not invalidate it; it ages out.
/// </summary>
public sealed class RunningFindings(IGraphStore graph, IAdvisoryStore advisories, RiskSettings risk, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, IReadOnlyList<RunningFinding> Findings)? _cached;

    public async Task<IReadOnlyList<RunningFinding>> GetAsync(CancellationToken cancellationToken)
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

            var findings = await ComputeAsync(cancellationToken).ConfigureAwait(false);
            _cached = (time.GetUtcNow(), findings);
            return findings;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyList<RunningFinding>> ComputeAsync(CancellationToken cancellationToken)
    {
        var digests = new SortedSet<string>(StringComparer.Ordinal);
        string? after = null;
        while (true)
        {
            var page = await graph.ListNodesAsync(NodeKinds.Container, after, 2_000, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var node in page.Where(n => n.IsCurrent))
            {
                if (node.Facts<ContainerFacts>().ImageDigest is { } digest)
                {
                    digests.Add(digest);
                }
            }

            after = page[^1].Key;
        }

        var engine = new TraceEngine(graph, advisories, risk);
        var result = new List<RunningFinding>();
        var seen = new HashSet<(string, string, string, string)>();
        foreach (var digest in digests)
        {
            TraceReport report;
            try
            {
                report = await engine.TraceAsync(digest, null, cancellationToken).ConfigureAwait(false);
            }
            catch (TraceTargetNotFoundException)
            {
                continue;
            }

            foreach (var f in report.Findings.Where(f => f.Runtime.Count > 0))
            {
                var image = f.Registry?.Digest ?? digest;
                if (seen.Add((f.Vulnerability.Id, f.Package.Name, f.Package.Version, image)))
                {
                    result.Add(new RunningFinding(
                        f.Vulnerability.Id, f.Vulnerability.Severity, f.Package.Name, f.Package.Version, f.Package.FixedVersion, image,
                        f.Priority, f.BlastRadius.Pods, f.BlastRadius.InternetExposedPods, f.BlastRadius.Clusters));
                }
            }
        }

        return [.. result.OrderByDescending(f => f.Priority.Score).ThenBy(f => f.Vulnerability, StringComparer.Ordinal)
            .ThenBy(f => f.Package, StringComparer.Ordinal).ThenBy(f => f.Image, StringComparer.Ordinal)];
    }
}
