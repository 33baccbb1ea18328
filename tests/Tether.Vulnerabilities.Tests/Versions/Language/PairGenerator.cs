using System.Text;

namespace Tether.Vulnerabilities.Tests.Versions.Language;

/// <summary>
/// Version pairs for the differential tests, reproducible (fixed seed): every pair of the ecosystem's
/// vector files, then random pairs of vector versions and of versions mutated from them — digits
/// changed, separators and qualifiers inserted, characters dropped, case flipped, huge numbers and a
/// few non-ASCII look-alikes added — so validity and ordering are both exercised near real data.
/// </summary>
internal static class PairGenerator
{
    private static readonly string[] Tokens =
    [
        ".", "-", "+", "_", "0", "1", "00", "01", "9", "10", "a", "b", "c", "m", "r", "rc", "RC", "alpha", "beta", "pre",
        "preview", "post", "rev", "dev", "final", "Final", "ga", "GA", "release", "RELEASE", "sp", "SNAPSHOT", "v", "V", "x",
        "!", "1!", "-1", ".0", "+local", "+build.5", "-0", "9007199254740991", "9007199254740993", "99999999999999999999",
        "2147483648", "incompatible",
    ];

    private static readonly string[] Exotic = ["ı", "İ", "ſ", "K", "٣", "é"];

    public static List<(string A, string B)> Pairs(IEnumerable<string> vectorFiles, int randomPairs, int seed, bool exotic = false)
    {
        var vectors = vectorFiles.SelectMany(VersionVectors.Read).ToList();
        var pairs = vectors.Select(v => (v.A, v.B)).ToList();
        var versions = vectors.SelectMany(v => new[] { v.A, v.B }).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var random = new Random(seed);
        for (var i = 0; i < randomPairs; i++)
        {
            var a = versions[random.Next(versions.Count)];
            var b = random.Next(4) == 0 ? a : versions[random.Next(versions.Count)];
            var mutate = random.Next(10);
            if (mutate >= 3)
            {
                a = Mutate(a, random, exotic);
            }

            if (mutate >= 6)
            {
                b = Mutate(b, random, exotic);
            }

            pairs.Add((a, b));
        }

        return pairs;
    }

    private static string Mutate(string version, Random random, bool exotic)
    {
        var text = new StringBuilder(version);
        var steps = 1 + random.Next(2);
        for (var s = 0; s < steps; s++)
        {
            var at = random.Next(text.Length + 1);
            switch (random.Next(7))
            {
                case 0:
                    var digits = Enumerable.Range(0, text.Length).Where(i => char.IsAsciiDigit(text[i])).ToList();
                    if (digits.Count > 0)
                    {
                        text[digits[random.Next(digits.Count)]] = (char)('0' + random.Next(10));
                    }

                    break;
                case 1:
                case 2:
                    text.Insert(at, exotic && random.Next(8) == 0 ? Exotic[random.Next(Exotic.Length)] : Tokens[random.Next(Tokens.Length)]);
                    break;
                case 3:
                    if (text.Length > 1)
                    {
                        text.Remove(Math.Min(at, text.Length - 1), 1);
                    }

                    break;
                case 4:
                    if (text.Length > 1)
                    {
                        text.Length = Math.Max(1, at);
                    }

                    break;
                case 5:
                    var letters = Enumerable.Range(0, text.Length).Where(i => char.IsAsciiLetter(text[i])).ToList();
                    if (letters.Count > 0)
                    {
                        var i = letters[random.Next(letters.Count)];
                        text[i] = char.IsAsciiLetterUpper(text[i]) ? char.ToLowerInvariant(text[i]) : char.ToUpperInvariant(text[i]);
                    }

                    break;
                default:
                    text.Append(Tokens[random.Next(Tokens.Length)]);
                    break;
            }
        }

        return text.ToString();
    }
}
