using Tether.Vulnerabilities.Severity.Parse;

namespace Tether.Vulnerabilities.Severity.Scoring;

/// <summary>
/// CVSS v3.0 and v3.1 equations (specification §7 / §8). The two versions differ in three places only:
/// Roundup (v3.1 Appendix A), the Modified Impact for a changed scope (v3.1: 3.25×(MISS×0.9731−0.02)^13,
/// v3.0: 3.25×(MISS−0.02)^15), and nothing else. v3.1 is computed in IEEE doubles because its Roundup is
/// defined for them; v3.0 in exact decimals because its Roundup is defined on exact values.
/// </summary>
internal static class Cvss3Scorer
{
    public static (double Base, double Temporal, double Environmental) Score(ParsedVector v) =>
        v.Version == CvssVersion.V31 ? Score31(v) : Score30(v);

    private static (double, double, double) Score31(ParsedVector v)
    {
        var w = Weights.Of(v);

        var iss = 1 - ((1 - w.C) * (1 - w.I) * (1 - w.A));
        var impact = w.ScopeChanged
            ? (7.52 * (iss - 0.029)) - (3.25 * Math.Pow(iss - 0.02, 15))
            : 6.42 * iss;
        var exploitability = 8.22 * w.AV * w.AC * w.PR * w.UI;
        var baseScore = impact <= 0
            ? 0
            : CvssRounding.V31(Math.Min(w.ScopeChanged ? 1.08 * (impact + exploitability) : impact + exploitability, 10));

        var temporal = CvssRounding.V31(baseScore * w.E * w.RL * w.RC);

        var miss = Math.Min(1 - ((1 - (w.MC * w.CR)) * (1 - (w.MI * w.IR)) * (1 - (w.MA * w.AR))), 0.915);
        var modifiedImpact = w.ModifiedScopeChanged
            ? (7.52 * (miss - 0.029)) - (3.25 * Math.Pow((miss * 0.9731) - 0.02, 13))
            : 6.42 * miss;
        var modifiedExploitability = 8.22 * w.MAV * w.MAC * w.MPR * w.MUI;
        var environmental = modifiedImpact <= 0
            ? 0
            : CvssRounding.V31(CvssRounding.V31(Math.Min(w.ModifiedScopeChanged ? 1.08 * (modifiedImpact + modifiedExploitability) : modifiedImpact + modifiedExploitability, 10)) * w.E * w.RL * w.RC);

        return (baseScore, temporal, environmental);
    }

    private static (double, double, double) Score30(ParsedVector v)
    {
        var w = Weights.Of(v);
        static decimal D(double weight) => (decimal)weight;

        var iss = 1 - ((1 - D(w.C)) * (1 - D(w.I)) * (1 - D(w.A)));
        var impact = w.ScopeChanged
            ? (7.52m * (iss - 0.029m)) - (3.25m * Power(iss - 0.02m, 15))
            : 6.42m * iss;
        var exploitability = 8.22m * D(w.AV) * D(w.AC) * D(w.PR) * D(w.UI);
        var baseScore = impact <= 0
            ? 0
            : CvssRounding.V30(Math.Min(w.ScopeChanged ? 1.08m * (impact + exploitability) : impact + exploitability, 10));

        var temporalFactor = D(w.E) * D(w.RL) * D(w.RC);
        var temporal = CvssRounding.V30(baseScore * temporalFactor);

        var miss = Math.Min(1 - ((1 - (D(w.MC) * D(w.CR))) * (1 - (D(w.MI) * D(w.IR))) * (1 - (D(w.MA) * D(w.AR)))), 0.915m);
        var modifiedImpact = w.ModifiedScopeChanged
            ? (7.52m * (miss - 0.029m)) - (3.25m * Power(miss - 0.02m, 15))
            : 6.42m * miss;
        var modifiedExploitability = 8.22m * D(w.MAV) * D(w.MAC) * D(w.MPR) * D(w.MUI);
        var environmental = modifiedImpact <= 0
            ? 0
            : CvssRounding.V30(CvssRounding.V30(Math.Min(w.ModifiedScopeChanged ? 1.08m * (modifiedImpact + modifiedExploitability) : modifiedImpact + modifiedExploitability, 10)) * temporalFactor);

        return (CvssRounding.ToDouble(baseScore), CvssRounding.ToDouble(temporal), CvssRounding.ToDouble(environmental));
    }

    private static decimal Power(decimal value, int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= value;
        }

        return result;
    }

    /// <summary>
    /// The metric weights of §7.4 (Table 16), with Not Defined environmental metrics replaced by their base
    /// values and Privileges Required weighted by the (modified) scope.
    /// </summary>
    private readonly record struct Weights(
        double AV, double AC, double PR, double UI, bool ScopeChanged, double C, double I, double A,
        double E, double RL, double RC, double CR, double IR, double AR,
        double MAV, double MAC, double MPR, double MUI, bool ModifiedScopeChanged, double MC, double MI, double MA)
    {
        public static Weights Of(ParsedVector v)
        {
            string Modified(string metric) => v.Get("M" + metric, "X") is var m && m != "X" ? m : v.Get(metric, "X");

            var scopeChanged = v.Get("S", "U") == "C";
            var modifiedScopeChanged = Modified("S") == "C";
            return new Weights(
                AttackVector(v.Get("AV", "N")),
                AttackComplexity(v.Get("AC", "L")),
                Privileges(v.Get("PR", "N"), scopeChanged),
                UserInteraction(v.Get("UI", "N")),
                scopeChanged,
                Impact(v.Get("C", "N")),
                Impact(v.Get("I", "N")),
                Impact(v.Get("A", "N")),
                v.Get("E", "X") switch { "U" => 0.91, "P" => 0.94, "F" => 0.97, _ => 1 },
                v.Get("RL", "X") switch { "O" => 0.95, "T" => 0.96, "W" => 0.97, _ => 1 },
                v.Get("RC", "X") switch { "U" => 0.92, "R" => 0.96, _ => 1 },
                Requirement(v.Get("CR", "X")),
                Requirement(v.Get("IR", "X")),
                Requirement(v.Get("AR", "X")),
                AttackVector(Modified("AV")),
                AttackComplexity(Modified("AC")),
                Privileges(Modified("PR"), modifiedScopeChanged),
                UserInteraction(Modified("UI")),
                modifiedScopeChanged,
                Impact(Modified("C")),
                Impact(Modified("I")),
                Impact(Modified("A")));
        }

        private static double AttackVector(string value) => value switch { "N" => 0.85, "A" => 0.62, "L" => 0.55, _ => 0.2 };

        private static double AttackComplexity(string value) => value == "H" ? 0.44 : 0.77;

        private static double Privileges(string value, bool scopeChanged) => value switch
        {
            "N" => 0.85,
            "L" => scopeChanged ? 0.68 : 0.62,
            _ => scopeChanged ? 0.5 : 0.27,
        };

        private static double UserInteraction(string value) => value == "R" ? 0.62 : 0.85;

        private static double Impact(string value) => value switch { "H" => 0.56, "L" => 0.22, _ => 0 };

        private static double Requirement(string value) => value switch { "H" => 1.5, "L" => 0.5, _ => 1 };
    }
}
