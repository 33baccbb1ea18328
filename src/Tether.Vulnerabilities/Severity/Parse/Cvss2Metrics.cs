using static Tether.Vulnerabilities.Severity.Parse.CvssMetricGroup;

namespace Tether.Vulnerabilities.Severity.Parse;

/// <summary>
/// CVSS v2 metrics, Table 12-14 of the v2 guide (https://www.first.org/cvss/v2/guide §2.4), in the guide's
/// predetermined vector order. ND is "Not Defined".
/// </summary>
internal static class Cvss2Metrics
{
    public static readonly CvssMetricSet Set = new(
        CvssVersion.V2,
        fixedOrder: true,
        new("AV", Base, "L", "A", "N"),
        new("AC", Base, "H", "M", "L"),
        new("Au", Base, "M", "S", "N"),
        new("C", Base, "N", "P", "C"),
        new("I", Base, "N", "P", "C"),
        new("A", Base, "N", "P", "C"),
        new("E", Temporal, "U", "POC", "F", "H", "ND"),
        new("RL", Temporal, "OF", "TF", "W", "U", "ND"),
        new("RC", Temporal, "UC", "UR", "C", "ND"),
        new("CDP", Environmental, "N", "L", "LM", "MH", "H", "ND"),
        new("TD", Environmental, "N", "L", "M", "H", "ND"),
        new("CR", Environmental, "L", "M", "H", "ND"),
        new("IR", Environmental, "L", "M", "H", "ND"),
        new("AR", Environmental, "L", "M", "H", "ND"));
}
