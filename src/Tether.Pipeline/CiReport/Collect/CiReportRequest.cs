namespace Tether.Pipeline.CiReport.Collect;

/// <summary>What the user asked to report (the <c>tether ci report</c> options), before any file is read.</summary>
public sealed record CiReportRequest
{
    public IReadOnlyList<string> Images { get; init; } = [];
    public IReadOnlyList<string> MetadataFiles { get; init; } = [];
    public string? Dockerfile { get; init; }
    public string? Context { get; init; }
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();
    public string? Generator { get; init; }
}

/// <summary>The collected inputs and what could not be collected but did not stop the report.</summary>
public sealed record CiReportCollection(CiReportInputs Inputs, IReadOnlyList<string> Warnings);
