using System.Diagnostics;
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

    // The metrics severity distances are measured on, in the reference's order; the indexes below name them.
    private static readonly string[] DistanceMetrics = ["AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA", "SC", "SI", "SA", "CR", "IR", "AR"];
    private const int AV = 0, PR = 1, UI = 2, AC = 3, AT = 4, VC = 5, VI = 6, VA = 7, SC = 8, SI = 9, SA = 10, CR = 11, IR = 12, AR = 13;

    private static readonly Fragment[][] Eq1Maxes = Parse(Cvss4Tables.Eq1Maxes);
    private static readonly Fragment[][] Eq2Maxes = Parse(Cvss4Tables.Eq2Maxes);
    private static readonly Fragment[][][] Eq3Eq6Maxes = Cvss4Tables.Eq3Eq6Maxes.Select(Parse).ToArray();
    private static readonly Fragment[][] Eq4Maxes = Parse(Cvss4Tables.Eq4Maxes);

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
        Span<double> levels = stackalloc double[DistanceMetrics.Length];
        for (var i = 0; i < levels.Length; i++)
        {
            levels[i] = Level(i, m[i]);
        }

        Span<double> d = stackalloc double[DistanceMetrics.Length];
        DistanceFromHighest(levels, d, eq1, eq2, eq3, eq4, eq6);

        var current1 = d[AV] + d[PR] + d[UI];
        var current2 = d[AC] + d[AT];
        var current36 = d[VC] + d[VI] + d[VA] + d[CR] + d[IR] + d[AR];
        var current4 = d[SC] + d[SI] + d[SA];

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
    /// Fills <paramref name="distances"/> from the first combination of the MacroVector's highest-severity
    /// vectors that is at least as severe as the vector in every metric. As in the reference, when none is,
    /// the last combination tried counts.
    /// </summary>
    private static void DistanceFromHighest(ReadOnlySpan<double> levels, Span<double> distances, int eq1, int eq2, int eq3, int eq4, int eq6)
    {
        foreach (var max1 in Eq1Maxes[eq1])
        {
            foreach (var max2 in Eq2Maxes[eq2])
            {
                foreach (var max36 in Eq3Eq6Maxes[eq3][eq6])
                {
                    foreach (var max4 in Eq4Maxes[eq4])
                    {
                        max1.Subtract(levels, distances);
                        max2.Subtract(levels, distances);
                        max36.Subtract(levels, distances);
                        max4.Subtract(levels, distances);
                        if (!distances.ContainsAnyExceptInRange(0.0, double.MaxValue))
                        {
                            return;
                        }
                    }
                }
            }
        }
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

    /// <summary>"Severity distance" level of a metric value (cvss_score.js): 0.1 per step below the most severe.</summary>
    private static double Level(int metric, string value) => metric switch
    {
        AV => value switch { "N" => 0.0, "A" => 0.1, "L" => 0.2, "P" => 0.3, _ => Unreachable(metric, value) },
        PR => value switch { "N" => 0.0, "L" => 0.1, "H" => 0.2, _ => Unreachable(metric, value) },
        UI => value switch { "N" => 0.0, "P" => 0.1, "A" => 0.2, _ => Unreachable(metric, value) },
        AC => value switch { "L" => 0.0, "H" => 0.1, _ => Unreachable(metric, value) },
        AT => value switch { "N" => 0.0, "P" => 0.1, _ => Unreachable(metric, value) },
        VC or VI or VA => value switch { "H" => 0.0, "L" => 0.1, "N" => 0.2, _ => Unreachable(metric, value) },
        SC => value switch { "H" => 0.1, "L" => 0.2, "N" => 0.3, _ => Unreachable(metric, value) },
        SI or SA => value switch { "S" => 0.0, "H" => 0.1, "L" => 0.2, "N" => 0.3, _ => Unreachable(metric, value) },
        _ => value switch { "H" => 0.0, "M" => 0.1, "L" => 0.2, _ => Unreachable(metric, value) },
    };

    // The reader admits only the values the specification lists, and each has a level.
    private static double Unreachable(int metric, string value) =>
        throw new UnreachableException($"no severity level for {DistanceMetrics[metric]}:{value}");

    private static Fragment[][] Parse(string[][] vectors) =>
        vectors.Select(level => level.Select(Fragment.Parse).ToArray()).ToArray();

    /// <summary>
    /// The values scoring uses (§8.1 "m()"): an environmental modification where one is given, Not Defined
    /// Exploit Maturity as Attacked and Not Defined security requirements as High (the worst case).
    /// </summary>
    private sealed class EffectiveValues
    {
        private readonly string[] _byDistanceIndex;

        public EffectiveValues(ParsedVector vector, bool baseOnly)
        {
            // Indexes of Cvss4Metrics.Set: the eleven Base metrics, E, CR/IR/AR, then MAV..MSA in Base order.
            const int E = 11, CR = 12, IR = 13, AR = 14, Modified = 15;
            var raw = new string[26];
            for (var i = 0; i < raw.Length; i++)
            {
                raw[i] = baseOnly && i >= E ? "X" : vector.ValueAt(i) ?? "X";
            }

            string Modifiable(int metric) => raw[Modified + metric] != "X" ? raw[Modified + metric] : raw[metric];

            AV = Modifiable(0);
            AC = Modifiable(1);
            AT = Modifiable(2);
            PR = Modifiable(3);
            UI = Modifiable(4);
            VC = Modifiable(5);
            VI = Modifiable(6);
            VA = Modifiable(7);
            SC = Modifiable(8);
            SI = Modifiable(9);
            SA = Modifiable(10);
            this.E = raw[E] != "X" ? raw[E] : "A";
            this.CR = raw[CR] != "X" ? raw[CR] : "H";
            this.IR = raw[IR] != "X" ? raw[IR] : "H";
            this.AR = raw[AR] != "X" ? raw[AR] : "H";
            _byDistanceIndex = [AV, PR, UI, AC, AT, VC, VI, VA, SC, SI, SA, this.CR, this.IR, this.AR];
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

        /// <summary>The effective value of <see cref="DistanceMetrics"/>[<paramref name="index"/>].</summary>
        public string this[int index] => _byDistanceIndex[index];
    }

    /// <summary>One fragment of a highest-severity vector, e.g. <c>AV:N/PR:N/UI:N</c>, as (distance index, level) pairs.</summary>
    private sealed class Fragment
    {
        private readonly (int Index, double Level)[] _levels;

        private Fragment((int Index, double Level)[] levels) => _levels = levels;

        public static Fragment Parse(string fragment) => new(
            fragment.Split('/')
                .Select(pair => pair.Split(':'))
                .Select(p => (Index: Array.IndexOf(DistanceMetrics, p[0]), Value: p[1]))
                .Select(p => (p.Index, Level(p.Index, p.Value)))
                .ToArray());

        /// <summary>distance = vector's level − this highest vector's level, for the metrics the fragment covers.</summary>
        public void Subtract(ReadOnlySpan<double> levels, Span<double> distances)
        {
            foreach (var (index, level) in _levels)
            {
                distances[index] = levels[index] - level;
            }
        }
    }
}
