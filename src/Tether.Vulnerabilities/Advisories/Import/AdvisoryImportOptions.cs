using Tether.Vulnerabilities.Advisories.Parse;

namespace Tether.Vulnerabilities.Advisories.Import;

/// <summary>How imports read their input.</summary>
public sealed record AdvisoryImportOptions
{
    /// <summary>Records per <see cref="Core.Advisories.IAdvisoryImportSession.WriteAsync"/> call: bounds memory on big archives.</summary>
    public int BatchSize { get; init; } = 1_000;

    public OsvLimits Limits { get; init; } = OsvLimits.Default;

    /// <summary>For http(s) inputs; a shared default client when null.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>A download that receives nothing for this long fails (a stalled server must not hang an import).</summary>
    public TimeSpan DownloadIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Warnings kept in the result for display; all are counted.</summary>
    public int MaxWarningsKept { get; init; } = 1_000;
}
