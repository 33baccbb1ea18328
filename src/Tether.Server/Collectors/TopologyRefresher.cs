using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tether.Core.Graph;
using Tether.Core.Risk;
using Tether.Core.Trace;

namespace Tether.Server.Collectors;

/// <summary>
/// Keeps this replica's in-memory topology up to date with the store (whoever wrote to it: a collector, a CI report,
/// another replica) and every running pod's blast-radius entry prepared, so the explorer and "which workloads does
/// this new vulnerability reach" answer from memory instead of paying the update on a user's request. Each replica
/// keeps its own (no lease): it is a cache, not a collector.
/// </summary>
public sealed partial class TopologyRefresher(IGraphStore store, GraphTopologyCache topology, RiskSettings risk, ILogger<TopologyRefresher> logger)
    : BackgroundService
{
    /// <summary>How often the store's generation is checked; an unchanged store costs one row read.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await AffectedWorkloads.PrepareAsync(store, topology, risk, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the in-memory topology failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
