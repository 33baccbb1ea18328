namespace Tether.Vulnerabilities.Severity.Parse;

/// <summary>The metric groups of the specifications (v2/v3 say Temporal where v4 says Threat).</summary>
public enum CvssMetricGroup
{
    Base,
    Temporal,
    Threat,
    Environmental,
    Supplemental,
}
