using Xunit;

namespace Tether.Vulnerabilities.Tests.Matching;

/// <summary>
/// A fact about the packages dpkg has installed on this machine. Skipped, saying why, where <c>dpkg-query</c> does not
/// exist (a developer's non-Debian machine has nothing to match). CI runs Debian 12 and sets <c>CI</c>: there the test
/// is never skipped, so a missing dpkg-query fails it instead of passing unnoticed.
/// </summary>
public sealed class DpkgQueryFactAttribute : FactAttribute
{
    public const string DpkgQuery = "/usr/bin/dpkg-query";

    public DpkgQueryFactAttribute()
    {
        if (!File.Exists(DpkgQuery) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Skip = $"{DpkgQuery} does not exist: this machine has no dpkg database to match (on CI, where CI is set, this test fails instead)";
        }
    }
}
