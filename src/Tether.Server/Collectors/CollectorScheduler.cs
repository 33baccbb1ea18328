using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tether.Core.Coordination;
using Tether.Server.Operations.Metrics;

namespace Tether.Server.Collectors;

/// <summary>
/// Runs each <see cref="ICollectorJob"/> every interval on whichever replica holds its lease. A run takes the lease
/// for <see cref="CollectorSettings.LeaseTtl"/> and renews it while running; afterwards the lease is kept until the
/// next interval is due, so the other replicas (whose timers fire too) find it held and skip. A replica that dies
/// mid-run loses the lease when it expires, and another takes over at its next tick.
/// </summary>
public sealed partial class CollectorScheduler(
    IEnumerable<ICollectorJob> jobs, ILeaseStore leases, CollectorSettings settings, ServerMetrics metrics, TimeProvider time, ILogger<CollectorScheduler> logger)
    : BackgroundService
{
    /// <summary>This replica's name in the leases table.</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(jobs.Select(job => LoopAsync(job, stoppingToken)));

    /// <summary>One attempt: false when another replica holds the lease.</summary>
    public async Task<bool> RunOnceAsync(ICollectorJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var lease = "collector/" + job.Name;
        if (!await leases.TryAcquireAsync(lease, Holder, settings.LeaseTtl, cancellationToken).ConfigureAwait(false))
        {
            LogSkipped(logger, job.Name);
            return false;
        }

        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewWhileRunningAsync(lease, running);
        var succeeded = false;
        try
        {
            var summary = await job.RunAsync(running.Token).ConfigureAwait(false);
            succeeded = true;
            LogRan(logger, job.Name, summary);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, job.Name, e.Message);
        }
        finally
        {
            await running.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
            metrics.RecordCollectorRun(job.Name, succeeded, time.GetUtcNow());
        }

        // Keep the lease until this interval ends: the others skip this round. A failed run gives it up at once.
        if (succeeded && job.Interval > TimeSpan.FromSeconds(5))
        {
            await leases.RenewAsync(lease, Holder, job.Interval - TimeSpan.FromSeconds(2), CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            await leases.ReleaseAsync(lease, Holder, CancellationToken.None).ConfigureAwait(false);
        }

        return true;
    }

    private async Task LoopAsync(ICollectorJob job, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(job.Interval, time);
        do
        {
            try
            {
                await RunOnceAsync(job, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The lease store itself failed (database down): try again next interval.
                LogFailed(logger, job.Name, e.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task RenewWhileRunningAsync(string lease, CancellationTokenSource running)
    {
        try
        {
            while (true)
            {
                await Task.Delay(settings.LeaseTtl / 3, time, running.Token).ConfigureAwait(false);
                if (!await leases.RenewAsync(lease, Holder, settings.LeaseTtl, running.Token).ConfigureAwait(false))
                {
                    // Another replica took over (we stalled past the TTL): stop rather than run twice.
                    LogLost(logger, lease);
                    await running.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "collector {Collector}: {Summary}")]
    private static partial void LogRan(ILogger logger, string collector, string summary);

    [LoggerMessage(Level = LogLevel.Debug, Message = "collector {Collector}: another replica holds the lease")]
    private static partial void LogSkipped(ILogger logger, string collector);

    [LoggerMessage(Level = LogLevel.Warning, Message = "collector {Collector} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string collector, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "lease {Lease} lost while running; run stopped")]
    private static partial void LogLost(ILogger logger, string lease);
}
