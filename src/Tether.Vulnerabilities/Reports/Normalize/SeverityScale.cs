namespace Tether.Vulnerabilities.Reports.Normalize;

/// <summary>
/// One severity scale for every scanner: CRITICAL, HIGH, MEDIUM, LOW, NEGLIGIBLE, UNKNOWN. Trivy writes
/// upper case, Grype title case; a word outside the scale is UNKNOWN rather than a guess.
/// </summary>
public static class SeverityScale
{
    public const string Critical = "CRITICAL";
    public const string High = "HIGH";
    public const string Medium = "MEDIUM";
    public const string Low = "LOW";
    public const string Negligible = "NEGLIGIBLE";
    public const string Unknown = "UNKNOWN";

    /// <summary>The normalized severity, or null when the report gave none.</summary>
    public static string? Normalize(string? reported) => reported?.Trim().ToUpperInvariant() switch
    {
        null or "" => null,
        Critical => Critical,
        // "Important" is Red Hat's and "Moderate" GitHub's word for the same rank.
        High or "IMPORTANT" => High,
        Medium or "MODERATE" => Medium,
        Low => Low,
        Negligible => Negligible,
        _ => Unknown,
    };
}
