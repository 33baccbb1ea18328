using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tether.Core.Recommend;

namespace Tether.Server.Collectors;

/// <summary>
/// Computes the default recommendation list (what the web page and <c>GET /api/v1/recommendations</c> show unfiltered)
/// once when the server starts, so the first person to open the page does not wait for it — seconds over a large
/// estate. Later changes are picked up on view: the page shows the last report while the next one is computed.
/// </summary>
public sealed partial class RecommendationWarmer(RecommendationCache cache, ILogger<RecommendationWarmer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var report = (await cache.GetLatestAsync(RecommendationQuery.ForList(null, null), stoppingToken).ConfigureAwait(false)).Report;
            LogComputed(logger, report.Scope.FixActions, report.Scope.RunningImages, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Default recommendations ready: {FixActions} fix actions over {RunningImages} running images in {Seconds:0.0} s")]
    private static partial void LogComputed(ILogger logger, int fixActions, int runningImages, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Computing the default recommendations at start failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
