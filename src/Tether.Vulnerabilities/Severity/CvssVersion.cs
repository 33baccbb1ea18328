namespace Tether.Vulnerabilities.Severity;

/// <summary>
/// The CVSS versions Tether reads. The numeric values order them, so "prefer the highest version" is a
/// plain comparison.
/// </summary>
public enum CvssVersion
{
    /// <summary>CVSS v2 (FIRST "A Complete Guide to the CVSS Version 2.0"); vectors carry no prefix.</summary>
    V2 = 20,

    /// <summary>CVSS v3.0, prefix <c>CVSS:3.0/</c>.</summary>
    V30 = 30,

    /// <summary>CVSS v3.1, prefix <c>CVSS:3.1/</c>.</summary>
    V31 = 31,

    /// <summary>CVSS v4.0, prefix <c>CVSS:4.0/</c>.</summary>
    V40 = 40,
}

public static class CvssVersions
{
    /// <summary>The version as the specifications write it: <c>2.0</c>, <c>3.0</c>, <c>3.1</c>, <c>4.0</c>.</summary>
    public static string Label(this CvssVersion version) => version switch
    {
        CvssVersion.V2 => "2.0",
        CvssVersion.V30 => "3.0",
        CvssVersion.V31 => "3.1",
        CvssVersion.V40 => "4.0",
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "not a CVSS version"),
    };
}
