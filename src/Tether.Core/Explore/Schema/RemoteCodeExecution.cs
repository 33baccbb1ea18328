using Tether.Core.Model;

namespace Tether.Core.Explore.Schema;

/// <summary>
/// Whether a vulnerability allows remote code execution, from what the graph holds (the vulnerability node carries no
/// CWE ids). Either of:
/// <list type="bullet">
/// <item>its CVSS v3/v4 vector says network attack vector (<c>AV:N</c>), no privileges required (<c>PR:N</c>) and high
/// confidentiality and integrity impact (<c>C:H/I:H</c>, v4 <c>VC:H/VI:H</c>) — the profile of a remotely exploitable
/// code-execution flaw;</item>
/// <item>its title names code execution: "remote code execution", "RCE", "arbitrary code", "code injection",
/// "command injection", "execute arbitrary", "deserialization of untrusted data".</item>
/// </list>
/// </summary>
public static class RemoteCodeExecution
{
    private static readonly string[] TitleWords =
    [
        "remote code execution", "arbitrary code", "code injection", "command injection", "execute arbitrary",
        "deserialization of untrusted data", "code execution",
    ];

    public static object? Recognizes(VulnerabilityFacts vulnerability)
    {
        ArgumentNullException.ThrowIfNull(vulnerability);
        if (vulnerability.CvssVector is { } vector)
        {
            var parts = vector.Split('/').ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (parts.Contains("AV:N") && parts.Contains("PR:N")
                && ((parts.Contains("C:H") && parts.Contains("I:H")) || (parts.Contains("VC:H") && parts.Contains("VI:H"))))
            {
                return true;
            }
        }

        var title = vulnerability.Title ?? "";
        return TitleWords.Any(w => title.Contains(w, StringComparison.OrdinalIgnoreCase))
            || System.Text.RegularExpressions.Regex.IsMatch(title, @"\bRCE\b");
    }
}
