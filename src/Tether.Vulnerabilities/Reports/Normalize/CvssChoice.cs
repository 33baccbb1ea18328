using Tether.Vulnerabilities.Reports.Parse;

namespace Tether.Vulnerabilities.Reports.Normalize;

/// <summary>
/// Picks the one CVSS v3 rating a vulnerability shows: NVD's primary score first (comparable across
/// distributions), else NVD's secondary, else the vendor whose severity the scanner used, else the first vendor's.
/// </summary>
public static class CvssChoice
{
    public static SourcedCvss? Best(IReadOnlyList<SourcedCvss> ratings, string? severitySource)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var v3 = ratings.Where(r => r.Score is not null && r.Version is { } version && version.StartsWith('3')).ToList();
        return v3.FirstOrDefault(r => IsNvd(r.Source) && r.Primary)
            ?? v3.FirstOrDefault(r => IsNvd(r.Source))
            ?? v3.FirstOrDefault(r => severitySource is not null && r.Source.Equals(severitySource, StringComparison.OrdinalIgnoreCase))
            ?? v3.FirstOrDefault(r => r.Primary)
            ?? v3.FirstOrDefault();
    }

    internal static bool IsNvd(string source) => source.Equals("nvd", StringComparison.OrdinalIgnoreCase);
}
