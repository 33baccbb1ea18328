using static Tether.Vulnerabilities.Severity.Parse.CvssMetricGroup;

namespace Tether.Vulnerabilities.Severity.Parse;

/// <summary>
/// CVSS v3.0 and v3.1 metrics (identical sets), in the preferred order of the v3.1 specification's
/// Table 15. X is "Not Defined". The order is not enforced: §6 says programs reading v3 vectors "must
/// accept metrics in any order".
/// </summary>
internal static class Cvss3Metrics
{
    public static readonly CvssMetricSet V30 = Create(CvssVersion.V30);

    public static readonly CvssMetricSet V31 = Create(CvssVersion.V31);

    private static CvssMetricSet Create(CvssVersion version) => new(
        version,
        fixedOrder: false,
        new("AV", Base, "N", "A", "L", "P"),
        new("AC", Base, "L", "H"),
        new("PR", Base, "N", "L", "H"),
        new("UI", Base, "N", "R"),
        new("S", Base, "U", "C"),
        new("C", Base, "H", "L", "N"),
        new("I", Base, "H", "L", "N"),
        new("A", Base, "H", "L", "N"),
        new("E", Temporal, "X", "H", "F", "P", "U"),
        new("RL", Temporal, "X", "U", "W", "T", "O"),
        new("RC", Temporal, "X", "C", "R", "U"),
        new("CR", Environmental, "X", "H", "M", "L"),
        new("IR", Environmental, "X", "H", "M", "L"),
        new("AR", Environmental, "X", "H", "M", "L"),
        new("MAV", Environmental, "X", "N", "A", "L", "P"),
        new("MAC", Environmental, "X", "L", "H"),
        new("MPR", Environmental, "X", "N", "L", "H"),
        new("MUI", Environmental, "X", "N", "R"),
        new("MS", Environmental, "X", "U", "C"),
        new("MC", Environmental, "X", "H", "L", "N"),
        new("MI", Environmental, "X", "H", "L", "N"),
        new("MA", Environmental, "X", "H", "L", "N"));
}
