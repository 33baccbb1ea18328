using System.Globalization;
using Tether.Testing;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Severity;

/// <summary>
/// Published test vectors, copied verbatim into <c>testdata/</c> with their source and commit in each
/// file's header: <c>VECTOR - (base, temporal, environmental)</c>, <c>VECTOR - (score,)</c> or
/// <c>VECTOR - score</c>; <c>None</c> where the source gives no score.
/// </summary>
internal static class ReferenceVectors
{
    public static TheoryData<string, double, double?, double?> Read(string file)
    {
        var data = new TheoryData<string, double, double?, double?>();
        var path = TestData.Repo("tests", "Tether.Vulnerabilities.Tests", "Severity", "testdata", file);
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var separator = line.IndexOf(" - ", StringComparison.Ordinal);
            var vector = line[..separator];
            var scores = line[(separator + 3)..].Trim('(', ')', ' ')
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(s => s == "None" ? (double?)null : double.Parse(s, CultureInfo.InvariantCulture))
                .ToArray();
            data.Add(vector, scores[0]!.Value, scores.ElementAtOrDefault(1), scores.ElementAtOrDefault(2));
        }

        return data;
    }
}
