using Tether.Cli.Commands;
using Tether.Vulnerabilities.Versions;
using Tether.Vulnerabilities.Versions.Os;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Versions.Os;

/// <summary>
/// Every line of the osv-scalibr vector files holds, in both directions, except the lines listed in
/// <see cref="DocumentedExceptions"/>, where Tether's documented answer (the CLI line) is asserted instead.
/// </summary>
public sealed class VectorFileTests
{
    private static readonly Dictionary<string, IVersionScheme> Schemes = new()
    {
        ["Debian"] = new DebianVersionScheme(),
        ["Alpine"] = new AlpineVersionScheme(),
        ["RPM"] = new RpmVersionScheme(),
    };

    [Theory]
    [InlineData("Debian", "debian-versions.txt")]
    [InlineData("Debian", "debian-versions-generated.txt")]
    [InlineData("Alpine", "alpine-versions.txt")]
    [InlineData("Alpine", "alpine-versions-generated.txt")]
    [InlineData("RPM", "redhat-versions.txt")]
    public void Every_vector_line_holds_or_is_a_documented_exception(string scheme, string file)
    {
        var versions = Schemes[scheme];
        var exceptions = DocumentedExceptions.For(file);
        var lines = VersionVectors.Load(file);
        var failures = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (exceptions.TryGetValue(line.Text, out var documented))
            {
                used.Add(line.Text);
                var actual = VersionsCompareCommand.CompareLine(versions, line.A, line.B);
                if (actual != documented)
                {
                    failures.Add($"{line}: documented '{documented}', got '{actual}'");
                }

                continue;
            }

            var forward = Answer(versions, line.A, line.B);
            var backward = Answer(versions, line.B, line.A);
            if (forward != line.Op || backward != VersionVectors.Reverse(line.Op))
            {
                failures.Add($"{line}: got {line.A} {forward} {line.B} and {line.B} {backward} {line.A}");
            }
        }

        Assert.True(lines.Count > 0, $"{file} has no vector lines");
        Assert.True(failures.Count == 0, $"{failures.Count} of {lines.Count} lines fail:\n{string.Join('\n', failures.Take(40))}");
        var stale = exceptions.Keys.Where(key => !used.Contains(key)).ToList();
        Assert.True(stale.Count == 0, $"documented exceptions that match no line of {file}:\n{string.Join('\n', stale)}");
    }

    private static string Answer(IVersionScheme scheme, string a, string b)
    {
        if (!scheme.IsValid(a, out var errorA))
        {
            return $"invalid ({a}: {errorA})";
        }

        return !scheme.IsValid(b, out var errorB) ? $"invalid ({b}: {errorB})" : VersionVectors.OpOf(scheme.Compare(a, b));
    }
}
