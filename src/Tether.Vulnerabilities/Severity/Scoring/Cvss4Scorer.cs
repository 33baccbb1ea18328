using Tether.Vulnerabilities.Severity.Parse;

namespace Tether.Vulnerabilities.Severity.Scoring;

/// <summary>
/// CVSS v4.0 scoring (specification §8 "CVSS v4.0 Scoring"): the vector's MacroVector (six equivalence
/// classes, EQ1-EQ6) is looked up in <see cref="Cvss4Tables"/>, then the score is interpolated down from
/// that MacroVector's score by how far the vector sits below the MacroVector's highest-severity vectors,
/// relative to the distance to the next lower MacroVector in each EQ. The arithmetic is IEEE double in the
/// same order as FIRST's reference calculator, so results match it to the bit before rounding.
/// </summary>
internal static class Cvss4Scorer
{
    private const double Step = 0.1;

    // "Severity distance" levels of each metric value (cvss_score.js): 0.1 per step below the most severe.
    private static readonly Dictionary<string, Dictionary<string, double>> Levels = new(StringComparer.Ordinal)
    {
        ["AV"] = new() { ["N"] = 0.0, ["A"] = 0.1, ["L"] = 0.2, ["P"] = 0.3 },
        ["PR"] = new() { ["N"] = 0.0, ["L"] = 0.1, ["H"] = 0.2 },
        ["UI"] = new() { ["N"] = 0.0, ["P"] = 0.1, ["A"] = 0.2 },
        ["AC"] = new() { ["L"] = 0.0, ["H"] = 0.1 },
        ["AT"] = new() { ["N"] = 0.0, ["P"] = 0.1 },
        ["VC"] = new() { ["H"] = 0.0, ["L"] = 0.1, ["N"] = 0.2 },
        ["VI"] = new() { ["H"] = 0.0, ["L"] = 0.1, ["N"] = 0.2 },
        ["VA"] = new() { ["H"] = 0.0, ["L"] = 0.1, ["N"] = 0.2 },
        ["SC"] = new() { ["H"] = 0.1, ["L"] = 0.2, ["N"] = 0.3 },
        ["SI"] = new() { ["S"] = 0.0, ["H"] = 0.1, ["L"] = 0.2, ["N"] = 0.3 },
        ["SA"] = new() { ["S"] = 0.0, ["H"] = 0.1, ["L"] = 0.2, ["N"] = 0.3 },
        ["CR"] = new() { ["H"] = 0.0, ["M"] = 0.1, ["L"] = 0.2 },
        ["IR"] = new() { ["H"] = 0.0, ["M"] = 0.1, ["L"] = 0.2 },
        ["AR"] = new() { ["H"] = 0.0, ["M"] = 0.1, ["L"] = 0.2 },
    };

    private static readonly MaxVector[][] Eq1Maxes = Parse(Cvss4Tables.Eq1Maxes);
    private static readonly MaxVector[][] Eq2Maxes = Parse(Cvss4Tables.Eq2Maxes);
    private static readonly MaxVector[][][] Eq3Eq6Maxes = Cvss4Tables.Eq3Eq6Maxes.Select(Parse).ToArray();
    private static readonly MaxVector[][] Eq4Maxes = Parse(Cvss4Tables.Eq4Maxes);

    /// <summary>
    /// The score of <paramref name="vector"/>. With <paramref name="baseOnly"/> the Threat and
    /// Environmental metrics are ignored (CVSS-B); otherwise every metric given counts (CVSS-BT/BE/BTE).
    /// </summary>
    public static double Score(ParsedVector vector, bool baseOnly)
    {
        var m = new EffectiveValues(vector, baseOnly);

        // No impact on either system: 0.0 whatever else the vector says.
        if (m.VC == "N" && m.VI == "N" && m.VA == "N" && m.SC == "N" && m.SI == "N" && m.SA == "N")
        {
            return 0.0;
        }

        var (eq1, eq2, eq3, eq4, eq5, eq6) = MacroVector(m);
        var value = Cvss4Tables.Score(eq1, eq2, eq3, eq4, eq5, eq6);

        // 1a. The maximal scoring difference in each EQ: this MacroVector's score minus the next lower one's
        // (NaN, and so ignored, where there is no lower MacroVector). EQ3 and EQ6 move together.
        var lower1 = Cvss4Tables.Score(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
        var lower2 = Cvss4Tables.Score(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
        var lower36 = (eq3, eq6) switch
        {
            (1, 1) or (0, 1) => Cvss4Tables.Score(eq1, eq2, eq3 + 1, eq4, eq5, eq6),
            (1, 0) => Cvss4Tables.Score(eq1, eq2, eq3, eq4, eq5, eq6 + 1),
            // 00 can step to 01 or to 10: the higher of the two is the next lower MacroVector.
            (0, 0) => Math.Max(Cvss4Tables.Score(eq1, eq2, eq3, eq4, eq5, eq6 + 1), Cvss4Tables.Score(eq1, eq2, eq3 + 1, eq4, eq5, eq6)),
            _ => Cvss4Tables.Score(eq1, eq2, eq3 + 1, eq4, eq5, eq6 + 1),
        };
        var lower4 = Cvss4Tables.Score(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
        var lower5 = Cvss4Tables.Score(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

        // 1b. The severity distance from a highest-severity vector of this MacroVector.
        var d = DistanceFromHighest(m, eq1, eq2, eq3, eq4, eq6);
        var current1 = d.AV + d.PR + d.UI;
        var current2 = d.AC + d.AT;
        var current36 = d.VC + d.VI + d.VA + d.CR + d.IR + d.AR;
        var current4 = d.SC + d.SI + d.SA;

        var available1 = value - lower1;
        var available2 = value - lower2;
        var available36 = value - lower36;
        var available4 = value - lower4;
        var available5 = value - lower5;

        var depth1 = Cvss4Tables.Eq1Depth[eq1] * Step;
        var depth2 = Cvss4Tables.Eq2Depth[eq2] * Step;
        var depth36 = Cvss4Tables.Eq3Eq6Depth[eq3][eq6] * Step;
        var depth4 = Cvss4Tables.Eq4Depth[eq4] * Step;

        // 1c-d. The proportion of the depth the vector is below the top, times the maximal scoring difference.
        var existing = 0;
        double normalized1 = 0, normalized2 = 0, normalized36 = 0, normalized4 = 0, normalized5 = 0;
        if (!double.IsNaN(available1))
        {
            existing++;
            normalized1 = available1 * (current1 / depth1);
        }

        if (!double.IsNaN(available2))
        {
            existing++;
            normalized2 = available2 * (current2 / depth2);
        }

        if (!double.IsNaN(available36))
        {
            existing++;
            normalized36 = available36 * (current36 / depth36);
        }

        if (!double.IsNaN(available4))
        {
            existing++;
            normalized4 = available4 * (current4 / depth4);
        }

        if (!double.IsNaN(available5))
        {
            // EQ5 (Exploit Maturity) has a single value per level: the proportion is always 0.
            existing++;
            normalized5 = available5 * 0;
        }

        // 2-3. The MacroVector's score minus the mean of those, clamped and rounded.
        var mean = existing == 0 ? 0 : (normalized1 + normalized2 + normalized36 + normalized4 + normalized5) / existing;
        value -= mean;
        value = Math.Clamp(value, 0.0, 10.0);
        return CvssRounding.V40(value);
    }

    /// <summary>
    /// Distances from the first combination of the MacroVector's highest-severity vectors that is at least
    /// as severe as the vector in every metric. As in the reference, when none is, the last one tried counts.
    /// </summary>
    private static Distances DistanceFromHighest(EffectiveValues m, int eq1, int eq2, int eq3, int eq4, int eq6)
    {
        var d = Distances.None;
        foreach (var max1 in Eq1Maxes[eq1])
        {
            foreach (var max2 in Eq2Maxes[eq2])
            {
                foreach (var max36 in Eq3Eq6Maxes[eq3][eq6])
                {
                    foreach (var max4 in Eq4Maxes[eq4])
                    {
                        d = new Distances(m, max1, max2, max36, max4);
                        if (d.AllNonNegative)
                        {
                            return d;
                        }
                    }
                }
            }
        }

        return d;
    }

    /// <summary>The equivalence classes of §8.2 (Tables 24-29).</summary>
    private static (int Eq1, int Eq2, int Eq3, int Eq4, int Eq5, int Eq6) MacroVector(EffectiveValues m)
    {
        // EQ1: 0 AV:N and PR:N and UI:N; 1 (AV:N or PR:N or UI:N) and not all three and not AV:P; 2 otherwise.
        var eq1 = m.AV == "N" && m.PR == "N" && m.UI == "N" ? 0
            : (m.AV == "N" || m.PR == "N" || m.UI == "N") && m.AV != "P" ? 1
            : 2;

        // EQ2: 0 AC:L and AT:N; 1 otherwise.
        var eq2 = m.AC == "L" && m.AT == "N" ? 0 : 1;

        // EQ3: 0 VC:H and VI:H; 1 not that but one of VC/VI/VA is H; 2 none is H.
        var eq3 = m.VC == "H" && m.VI == "H" ? 0
            : m.VC == "H" || m.VI == "H" || m.VA == "H" ? 1
            : 2;

        // EQ4: 0 MSI:S or MSA:S; 1 not that but one of SC/SI/SA is H; 2 otherwise.
        var eq4 = m.SI == "S" || m.SA == "S" ? 0
            : m.SC == "H" || m.SI == "H" || m.SA == "H" ? 1
            : 2;

        // EQ5: 0 E:A; 1 E:P; 2 E:U.
        var eq5 = m.E switch { "A" => 0, "P" => 1, _ => 2 };

        // EQ6: 0 (CR:H and VC:H) or (IR:H and VI:H) or (AR:H and VA:H); 1 otherwise.
        var eq6 = (m.CR == "H" && m.VC == "H") || (m.IR == "H" && m.VI == "H") || (m.AR == "H" && m.VA == "H") ? 0 : 1;

        return (eq1, eq2, eq3, eq4, eq5, eq6);
    }

    private static MaxVector[][] Parse(string[][] vectors) =>
        vectors.Select(level => level.Select(MaxVector.Parse).ToArray()).ToArray();

    private static double Level(string metric, string value) => Levels[metric][value];

    /// <summary>
    /// The values scoring uses (§8.1 "m()"): an environmental modification where one is given, Not Defined
    /// Exploit Maturity as Attacked and Not Defined security requirements as High (the worst case).
    /// </summary>
    private sealed class EffectiveValues
    {
        public EffectiveValues(ParsedVector vector, bool baseOnly)
        {
            string Raw(string metric) =>
                baseOnly && vector.Set.Metrics[vector.Set.IndexOf(metric)].Group != CvssMetricGroup.Base
                    ? "X"
                    : vector[metric] ?? "X";

            string Modifiable(string metric) => Raw("M" + metric) is var modified && modified != "X" ? modified : Raw(metric);

            AV = Modifiable("AV");
            AC = Modifiable("AC");
            AT = Modifiable("AT");
            PR = Modifiable("PR");
            UI = Modifiable("UI");
            VC = Modifiable("VC");
            VI = Modifiable("VI");
            VA = Modifiable("VA");
            SC = Modifiable("SC");
            SI = Modifiable("SI");
            SA = Modifiable("SA");
            E = Raw("E") is var e && e != "X" ? e : "A";
            CR = Raw("CR") is var cr && cr != "X" ? cr : "H";
            IR = Raw("IR") is var ir && ir != "X" ? ir : "H";
            AR = Raw("AR") is var ar && ar != "X" ? ar : "H";
        }

        public string AV { get; }

        public string AC { get; }

        public string AT { get; }

        public string PR { get; }

        public string UI { get; }

        public string VC { get; }

        public string VI { get; }

        public string VA { get; }

        public string SC { get; }

        public string SI { get; }

        public string SA { get; }

        public string E { get; }

        public string CR { get; }

        public string IR { get; }

        public string AR { get; }
    }

    /// <summary>One fragment of a highest-severity vector, e.g. <c>AV:N/PR:N/UI:N</c>, as metric → value.</summary>
    private sealed class MaxVector
    {
        private readonly Dictionary<string, string> _values;

        private MaxVector(Dictionary<string, string> values) => _values = values;

        public string this[string metric] => _values[metric];

        public static MaxVector Parse(string fragment) => new(
            fragment.Split('/').Select(pair => pair.Split(':')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal));
    }

    /// <summary>Severity distances of the vector from one combination of highest-severity vectors.</summary>
    private readonly record struct Distances(
        double AV, double PR, double UI, double AC, double AT, double VC, double VI, double VA,
        double SC, double SI, double SA, double CR, double IR, double AR)
    {
        public static readonly Distances None = default;

        public Distances(EffectiveValues m, MaxVector max1, MaxVector max2, MaxVector max36, MaxVector max4)
            : this(
                Level("AV", m.AV) - Level("AV", max1["AV"]),
                Level("PR", m.PR) - Level("PR", max1["PR"]),
                Level("UI", m.UI) - Level("UI", max1["UI"]),
                Level("AC", m.AC) - Level("AC", max2["AC"]),
                Level("AT", m.AT) - Level("AT", max2["AT"]),
                Level("VC", m.VC) - Level("VC", max36["VC"]),
                Level("VI", m.VI) - Level("VI", max36["VI"]),
                Level("VA", m.VA) - Level("VA", max36["VA"]),
                Level("SC", m.SC) - Level("SC", max4["SC"]),
                Level("SI", m.SI) - Level("SI", max4["SI"]),
                Level("SA", m.SA) - Level("SA", max4["SA"]),
                Level("CR", m.CR) - Level("CR", max36["CR"]),
                Level("IR", m.IR) - Level("IR", max36["IR"]),
                Level("AR", m.AR) - Level("AR", max36["AR"]))
        {
        }

        public bool AllNonNegative =>
            AV >= 0 && PR >= 0 && UI >= 0 && AC >= 0 && AT >= 0 && VC >= 0 && VI >= 0 && VA >= 0
            && SC >= 0 && SI >= 0 && SA >= 0 && CR >= 0 && IR >= 0 && AR >= 0;
    }
}
