using System.Diagnostics.CodeAnalysis;
using Tether.Vulnerabilities.Severity.Parse;
using Tether.Vulnerabilities.Severity.Scoring;

namespace Tether.Vulnerabilities.Severity;

/// <summary>
/// A CVSS vector (v2, v3.0, v3.1 or v4.0), read strictly and scored exactly as its specification defines.
/// Immutable; parsing never throws from <see cref="TryParse"/> whatever the input.
/// </summary>
public sealed class CvssVector
{
    /// <summary>Longest input accepted; longer strings are rejected before they are read.</summary>
    public const int MaxLength = CvssVectorReader.MaxLength;

    private readonly ParsedVector _parsed;

    private CvssVector(ParsedVector parsed)
    {
        _parsed = parsed;
        var metrics = new KeyValuePair<string, string>[parsed.Given.Count];
        for (var i = 0; i < metrics.Length; i++)
        {
            var index = parsed.Given[i];
            metrics[i] = new(parsed.Set.Metrics[index].Name, parsed.ValueAt(index)!);
        }

        Metrics = metrics;

        switch (parsed.Version)
        {
            case CvssVersion.V2:
                (BaseScore, var temporal, var environmental) = Cvss2Scorer.Score(parsed);
                (TemporalScore, EnvironmentalScore, Score) = (temporal, environmental, BaseScore);
                break;
            case CvssVersion.V30 or CvssVersion.V31:
                (BaseScore, temporal, environmental) = Cvss3Scorer.Score(parsed);
                (TemporalScore, EnvironmentalScore, Score) = (temporal, environmental, BaseScore);
                break;
            default:
                var threat = parsed.Defines(CvssMetricGroup.Threat, "X");
                var environment = parsed.Defines(CvssMetricGroup.Environmental, "X");
                Nomenclature = "CVSS-B" + (threat ? "T" : "") + (environment ? "E" : "");
                BaseScore = Cvss4Scorer.Score(parsed, baseOnly: true);
                Score = threat || environment ? Cvss4Scorer.Score(parsed, baseOnly: false) : BaseScore;
                break;
        }

        Severity = CvssSeverityRating.Rate(Version, BaseScore);
    }

    /// <summary>The vector as read: surrounding whitespace and v2's NVD-style parentheses removed.</summary>
    public string Vector => _parsed.Text;

    public CvssVersion Version => _parsed.Version;

    /// <summary>The metrics the vector gives, in its order, abbreviated as in the specification.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metrics { get; }

    /// <summary>
    /// The Base score. For v4.0 that is the CVSS-B score: Threat and Environmental metrics, if given, are
    /// ignored here and counted in <see cref="Score"/>.
    /// </summary>
    public double BaseScore { get; }

    /// <summary>The rating of <see cref="BaseScore"/> (v2 on NVD's scale, which has no None or Critical).</summary>
    public CvssSeverity Severity { get; }

    /// <summary>
    /// v2 and v3.x: the Temporal score; Temporal metrics left out count as Not Defined, as the equations
    /// define, so it equals the base score when the vector gives none. Null for v4.0, which has no such score.
    /// </summary>
    public double? TemporalScore { get; }

    /// <summary>
    /// v2 and v3.x: the Environmental score, Not Defined metrics taking the values the equations give them
    /// (for v3.1 that can differ from the base score even with no environmental metric: 9.6 → 9.7 for
    /// AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H). Null for v4.0.
    /// </summary>
    public double? EnvironmentalScore { get; }

    /// <summary>
    /// The score the vector as a whole states. For v4.0 the score named by <see cref="Nomenclature"/>
    /// (Threat and Environmental metrics included); for v2 and v3.x the base score, their Temporal and
    /// Environmental scores being separate properties.
    /// </summary>
    public double Score { get; }

    /// <summary>v4.0 only: CVSS-B, CVSS-BT, CVSS-BE or CVSS-BTE, by which metric groups the vector defines.</summary>
    public string? Nomenclature { get; }

    /// <summary>The value the vector gives <paramref name="metric"/> (e.g. <c>AV</c>), or null when it leaves it out.</summary>
    public string? this[string metric] => _parsed[metric];

    /// <summary>Reads <paramref name="text"/>; on failure <paramref name="error"/> names the vector and the metric at fault.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out CvssVector? vector, [NotNullWhen(false)] out string? error)
    {
        if (CvssVectorReader.TryRead(text, out var parsed, out error))
        {
            vector = new CvssVector(parsed);
            return true;
        }

        vector = null;
        return false;
    }

    /// <summary>Reads <paramref name="text"/> or throws <see cref="CvssFormatException"/> saying why not.</summary>
    public static CvssVector Parse(string text) =>
        TryParse(text, out var vector, out var error) ? vector : throw new CvssFormatException(text, error);

    public override string ToString() => Vector;
}
