using static Tether.Vulnerabilities.Severity.Parse.CvssMetricGroup;

namespace Tether.Vulnerabilities.Severity.Parse;

/// <summary>
/// CVSS v4.0 metrics in the order of the v4.0 specification's Table 23 (§7), which vectors must follow:
/// Base, Threat, Environmental, Supplemental. X is "Not Defined". The scorer relies on these indexes
/// (Base 0-10, E 11, CR/IR/AR 12-14, MAV..MSA 15-25 in Base order); the CVSS-BT/BE/BTE reference
/// vectors in the tests fail if it changes.
/// </summary>
internal static class Cvss4Metrics
{
    public static readonly CvssMetricSet Set = new(
        CvssVersion.V40,
        fixedOrder: true,
        new("AV", Base, "N", "A", "L", "P"),
        new("AC", Base, "L", "H"),
        new("AT", Base, "N", "P"),
        new("PR", Base, "N", "L", "H"),
        new("UI", Base, "N", "P", "A"),
        new("VC", Base, "H", "L", "N"),
        new("VI", Base, "H", "L", "N"),
        new("VA", Base, "H", "L", "N"),
        new("SC", Base, "H", "L", "N"),
        new("SI", Base, "H", "L", "N"),
        new("SA", Base, "H", "L", "N"),
        new("E", Threat, "X", "A", "P", "U"),
        new("CR", Environmental, "X", "H", "M", "L"),
        new("IR", Environmental, "X", "H", "M", "L"),
        new("AR", Environmental, "X", "H", "M", "L"),
        new("MAV", Environmental, "X", "N", "A", "L", "P"),
        new("MAC", Environmental, "X", "L", "H"),
        new("MAT", Environmental, "X", "N", "P"),
        new("MPR", Environmental, "X", "N", "L", "H"),
        new("MUI", Environmental, "X", "N", "P", "A"),
        new("MVC", Environmental, "X", "H", "L", "N"),
        new("MVI", Environmental, "X", "H", "L", "N"),
        new("MVA", Environmental, "X", "H", "L", "N"),
        new("MSC", Environmental, "X", "H", "L", "N"),
        new("MSI", Environmental, "X", "S", "H", "L", "N"),
        new("MSA", Environmental, "X", "S", "H", "L", "N"),
        new("S", Supplemental, "X", "N", "P"),
        new("AU", Supplemental, "X", "N", "Y"),
        new("R", Supplemental, "X", "A", "U", "I"),
        new("V", Supplemental, "X", "D", "C"),
        new("RE", Supplemental, "X", "L", "M", "H"),
        new("U", Supplemental, "X", "Clear", "Green", "Amber", "Red"));
}
