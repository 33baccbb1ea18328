using Tether.Vulnerabilities.Reports.Normalize;

namespace Tether.Vulnerabilities.Severity;

/// <summary>The qualitative severity rating of a CVSS score.</summary>
public enum CvssSeverity
{
    None,
    Low,
    Medium,
    High,
    Critical,
}

public static class CvssSeverityRating
{
    /// <summary>
    /// The rating of <paramref name="score"/>. CVSS v3.x and v4.0 define the scale themselves (None 0.0,
    /// Low 0.1-3.9, Medium 4.0-6.9, High 7.0-8.9, Critical 9.0-10.0). The v2 guide defines none; NVD's
    /// v2 scale is the one everyone uses (Low 0.0-3.9, Medium 4.0-6.9, High 7.0-10.0), so v2 never rates
    /// None or Critical.
    /// </summary>
    public static CvssSeverity Rate(CvssVersion version, double score)
    {
        // Scores are tenths; compare tenths as integers so 3.9 vs 3.95-style float noise cannot matter.
        var tenths = (int)Math.Round(score * 10, MidpointRounding.AwayFromZero);
        if (version == CvssVersion.V2)
        {
            return tenths switch
            {
                < 40 => CvssSeverity.Low,
                < 70 => CvssSeverity.Medium,
                _ => CvssSeverity.High,
            };
        }

        return tenths switch
        {
            <= 0 => CvssSeverity.None,
            < 40 => CvssSeverity.Low,
            < 70 => CvssSeverity.Medium,
            < 90 => CvssSeverity.High,
            _ => CvssSeverity.Critical,
        };
    }

    /// <summary>
    /// The rating in Tether's one severity scale (<see cref="SeverityScale"/>). CVSS "None" (a score of
    /// 0.0: no impact) has no word there; it maps to NEGLIGIBLE, the rank below LOW.
    /// </summary>
    public static string ToScale(this CvssSeverity severity) => severity switch
    {
        CvssSeverity.Critical => SeverityScale.Critical,
        CvssSeverity.High => SeverityScale.High,
        CvssSeverity.Medium => SeverityScale.Medium,
        CvssSeverity.Low => SeverityScale.Low,
        CvssSeverity.None => SeverityScale.Negligible,
        _ => SeverityScale.Unknown,
    };
}
