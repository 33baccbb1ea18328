using Tether.Core.Advisories;
using Tether.Core.Graph;
using Tether.Vulnerabilities.Advisories.Import;
using Tether.Vulnerabilities.Matching;

namespace Tether.Server.Collectors;

/// <summary>
/// OSV advisories refreshed as <c>tether db import osv</c> does (<see cref="OsvImporter"/>, one transaction), then the
/// packages the changed records affect re-matched (<see cref="ImportRematch"/>): new and resolved findings follow.
/// </summary>
public sealed class AdvisoryJob(AdvisoryCollectorSettings settings, IGraphStore graph, IAdvisoryStore advisories, TimeProvider time) : ICollectorJob
{
    public string Name => "advisories";

    public TimeSpan Interval => settings.Interval;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var result = await new OsvImporter(advisories, null, time).ImportAsync([.. settings.Osv], null, cancellationToken).ConfigureAwait(false);
        if (result.Import.Written == 0)
        {
            return $"{result.Import.Records} records read, none changed";
        }

        var matching = await ImportRematch.RunAsync(graph, advisories, result.Import.Id, time, cancellationToken).ConfigureAwait(false);
        return $"{result.Import.Written} records written; {matching.New} new and {matching.Resolved} resolved findings";
    }
}
