namespace Tether.Server.Collectors;

/// <summary>One background collector: what <see cref="CollectorScheduler"/> runs every <see cref="Interval"/> under a lease.</summary>
public interface ICollectorJob
{
    /// <summary>Names the lease (<c>collector/{Name}</c>) and the metrics series.</summary>
    string Name { get; }

    TimeSpan Interval { get; }

    /// <summary>One run; returns a one-line summary for the log.</summary>
    Task<string> RunAsync(CancellationToken cancellationToken);
}
