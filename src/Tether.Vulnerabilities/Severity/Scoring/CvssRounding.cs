namespace Tether.Vulnerabilities.Severity.Scoring;

/// <summary>The rounding rule of each CVSS version, which is part of its definition.</summary>
internal static class CvssRounding
{
    /// <summary>
    /// CVSS v2 guide §3.2: round_to_1_decimal, i.e. to the nearest tenth, halves up. Applied to exact
    /// decimal arithmetic, as the guide's own worked examples are (e.g. CVE-2003-0062's environmental
    /// 7.45 → 7.5, which binary floating point computes as 7.4499… → 7.4).
    /// </summary>
    public static decimal V2(decimal value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);

    /// <summary>
    /// CVSS v3.0 specification §8.x: "Round up is defined as the smallest number, specified to one decimal
    /// place, that is equal to or higher than its input". Applied to exact decimal arithmetic, so it is
    /// the definition itself rather than a floating-point approximation of it.
    /// </summary>
    public static decimal V30(decimal value) => Math.Ceiling(value * 10) / 10;

    /// <summary>
    /// CVSS v3.1 specification Appendix A: the floating-point-safe Roundup. The input is first rounded to
    /// five decimal places (so 4.000000000000001 stays 4.0); only a remainder beyond that rounds up.
    /// </summary>
    public static double V31(double value)
    {
        var integer = (long)Math.Round(value * 100_000, MidpointRounding.AwayFromZero);
        return integer % 10_000 == 0 ? integer / 100_000.0 : (Math.Floor(integer / 10_000.0) + 1) / 10.0;
    }

    /// <summary>
    /// CVSS v4.0: round half up to one decimal, after lifting the value by 1e-6 so an interpolation that
    /// lands one floating-point ULP below an x.x5 tie (8.549999… for 8.55) still rounds up. This is the
    /// rule of FIRST's reference implementations since RedHatProductSecurity/cvss #65 and
    /// cvss-v4-calculator #67 (EPSILON = 10**-6).
    /// </summary>
    public static double V40(double value) => Math.Round((value + 1e-6) * 10, MidpointRounding.AwayFromZero) / 10;

    /// <summary>A one-decimal score as the double nearest to it (exactly what the literal 7.8 is).</summary>
    public static double ToDouble(decimal tenthsRounded) => (double)(long)(tenthsRounded * 10) / 10;
}
