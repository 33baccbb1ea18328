using Tether.Vulnerabilities.Severity.Parse;

namespace Tether.Vulnerabilities.Severity.Scoring;

/// <summary>
/// CVSS v2 equations, "A Complete Guide to the CVSS Version 2.0" §3.2 (https://www.first.org/cvss/v2/guide),
/// in exact decimal arithmetic. Metrics left out are Not Defined (ND).
/// </summary>
internal static class Cvss2Scorer
{
    public static (double Base, double Temporal, double Environmental) Score(ParsedVector v)
    {
        var c = Impact(v.Get("C", "N"));
        var i = Impact(v.Get("I", "N"));
        var a = Impact(v.Get("A", "N"));
        var exploitability = 20m * AccessVector(v.Get("AV", "N")) * AccessComplexity(v.Get("AC", "L")) * Authentication(v.Get("Au", "N"));

        // §3.2.1: Impact = 10.41*(1-(1-ConfImpact)*(1-IntegImpact)*(1-AvailImpact))
        var impact = 10.41m * (1 - ((1 - c) * (1 - i) * (1 - a)));
        var baseScore = Math.Max(0m, BaseEquation(impact, exploitability));

        // §3.2.2: TemporalScore = round_to_1_decimal(BaseScore*Exploitability*RemediationLevel*ReportConfidence)
        var temporalFactor = Exploit(v.Get("E", "ND")) * Remediation(v.Get("RL", "ND")) * Confidence(v.Get("RC", "ND"));
        var temporal = Math.Max(0m, CvssRounding.V2(baseScore * temporalFactor));

        // §3.2.3: AdjustedImpact = min(10,10.41*(1-(1-ConfImpact*ConfReq)*(1-IntegImpact*IntegReq)*(1-AvailImpact*AvailReq)))
        var adjustedImpact = Math.Min(10m, 10.41m * (1 - ((1 - (c * Requirement(v.Get("CR", "ND")))) * (1 - (i * Requirement(v.Get("IR", "ND")))) * (1 - (a * Requirement(v.Get("AR", "ND")))))));

        // AdjustedTemporal = TemporalScore recomputed with the BaseScore's Impact replaced by AdjustedImpact.
        var adjustedTemporal = CvssRounding.V2(BaseEquation(adjustedImpact, exploitability) * temporalFactor);

        // EnvironmentalScore = round_to_1_decimal((AdjustedTemporal+(10-AdjustedTemporal)*CollateralDamagePotential)*TargetDistribution)
        var environmental = Math.Max(0m, CvssRounding.V2((adjustedTemporal + ((10 - adjustedTemporal) * CollateralDamage(v.Get("CDP", "ND")))) * TargetDistribution(v.Get("TD", "ND"))));

        return (CvssRounding.ToDouble(baseScore), CvssRounding.ToDouble(temporal), CvssRounding.ToDouble(environmental));
    }

    // BaseScore = round_to_1_decimal(((0.6*Impact)+(0.4*Exploitability)-1.5)*f(Impact)); f(Impact) = 0 if Impact=0, 1.176 otherwise
    private static decimal BaseEquation(decimal impact, decimal exploitability) =>
        CvssRounding.V2(((0.6m * impact) + (0.4m * exploitability) - 1.5m) * (impact == 0 ? 0m : 1.176m));

    private static decimal AccessVector(string value) => value switch { "L" => 0.395m, "A" => 0.646m, _ => 1.0m };

    private static decimal AccessComplexity(string value) => value switch { "H" => 0.35m, "M" => 0.61m, _ => 0.71m };

    private static decimal Authentication(string value) => value switch { "M" => 0.45m, "S" => 0.56m, _ => 0.704m };

    private static decimal Impact(string value) => value switch { "P" => 0.275m, "C" => 0.660m, _ => 0m };

    private static decimal Exploit(string value) => value switch { "U" => 0.85m, "POC" => 0.9m, "F" => 0.95m, _ => 1.0m };

    private static decimal Remediation(string value) => value switch { "OF" => 0.87m, "TF" => 0.90m, "W" => 0.95m, _ => 1.0m };

    private static decimal Confidence(string value) => value switch { "UC" => 0.90m, "UR" => 0.95m, _ => 1.0m };

    private static decimal CollateralDamage(string value) => value switch { "L" => 0.1m, "LM" => 0.3m, "MH" => 0.4m, "H" => 0.5m, _ => 0m };

    private static decimal TargetDistribution(string value) => value switch { "N" => 0m, "L" => 0.25m, "M" => 0.75m, _ => 1.0m };

    private static decimal Requirement(string value) => value switch { "L" => 0.5m, "H" => 1.51m, _ => 1.0m };
}
