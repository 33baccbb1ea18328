namespace Tether.Vulnerabilities.Matching;

/// <summary>What a re-match of stored packages changed.</summary>
public sealed record RematchSummary
{
    public static readonly RematchSummary Empty = new();

    /// <summary>Distinct package versions matched again.</summary>
    public int Packages { get; init; }

    /// <summary>Matches the run found (new, changed and unchanged).</summary>
    public int Matches { get; init; }

    public int New { get; init; }

    /// <summary>Matches still current whose deciding record, range or fixed version changed.</summary>
    public int Changed { get; init; }

    public int Resolved { get; init; }

    public long Evaluations { get; init; }

    public int PackagesWithoutAdvisories { get; init; }

    public IReadOnlyDictionary<string, int> Warnings { get; init; } = new Dictionary<string, int>();

    public RematchSummary Add(RematchSummary other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var warnings = new Dictionary<string, int>(Warnings, StringComparer.Ordinal);
        foreach (var (warning, count) in other.Warnings)
        {
            warnings[warning] = warnings.GetValueOrDefault(warning) + count;
        }

        return new RematchSummary
        {
            Packages = Packages + other.Packages,
            Matches = Matches + other.Matches,
            New = New + other.New,
            Changed = Changed + other.Changed,
            Resolved = Resolved + other.Resolved,
            Evaluations = Evaluations + other.Evaluations,
            PackagesWithoutAdvisories = PackagesWithoutAdvisories + other.PackagesWithoutAdvisories,
            Warnings = warnings,
        };
    }
}
