using System.Globalization;
using System.Text;

namespace Tether.Vulnerabilities.Tests.Versions.Os;

/// <summary>
/// Pairs for the differential tests: real versions from the vector files, mutated with a fixed seed towards the
/// corners of the orderings (tildes, carets, pluses, letters of both cases, epochs valid and not, long digit runs,
/// leading zeros, hyphens, non-ASCII letters, deletions and truncations). Same seed, same pairs, on every machine.
/// </summary>
internal sealed class VersionPairGenerator(IReadOnlyList<string> corpus, string insertable, int seed)
{
    private static readonly string[] Epochs =
        ["0:", "1:", "2:", "10:", "01:", "007:", "2147483647:", "2147483648:", "99999999999:", "+1:", "-0:", "-1:", ":", "x:", "1a:"];

    private static readonly string[] Tails =
        ["~rc1", "~~", "~", "+b1", "+deb12u1", "~deb11u1", "ubuntu0.1", "-0", "-1", "-", ".0", ".00", "a", "Z", "^", "^git1", "_p1", ".é"];

    private readonly Random random = new(seed);

    public List<(string A, string B)> Pairs(int count)
    {
        var pairs = new List<(string, string)>(count);
        while (pairs.Count < count)
        {
            var version = Pick();
            var pair = random.Next(7) switch
            {
                6 => (version, Respell(version)),
                0 => (Mutate(version), version),
                1 => (Mutate(version), Mutate(version)),
                2 => (Mutate(Mutate(version)), Mutate(version)),
                3 => (version, Pick()),
                4 => (Mutate(version), Mutate(Pick())),
                _ => (version + Tails[random.Next(Tails.Length)], version + Tails[random.Next(Tails.Length)]),
            };

            // Keep inputs the tools receive unchanged: no empty strings, no white space.
            if (pair.Item1.Length > 0 && pair.Item2.Length > 0 && !pair.Item1.Any(char.IsWhiteSpace) && !pair.Item2.Any(char.IsWhiteSpace))
            {
                pairs.Add(pair);
            }
        }

        return pairs;
    }

    private string Pick() => corpus[random.Next(corpus.Count)];

    /// <summary>A spelling that the package orderings usually treat as the same version (so equal pairs are frequent).</summary>
    private string Respell(string version)
    {
        var text = new StringBuilder(version);
        switch (random.Next(3))
        {
            case 0:
                var digit = version.IndexOfAny("123456789".ToCharArray());
                text.Insert(digit < 0 ? 0 : digit, '0');
                break;
            case 1 when !version.Contains(':', StringComparison.Ordinal):
                text.Insert(0, "0:");
                break;
            case 2 when !version.Contains('-', StringComparison.Ordinal):
                text.Append("-0");
                break;
            default:
                text.Replace('.', '_');
                break;
        }

        return text.ToString();
    }

    private string Mutate(string version)
    {
        var text = new StringBuilder(version);
        var at = random.Next(text.Length + 1);
        switch (random.Next(10))
        {
            case 0:
                text.Insert(at, insertable[random.Next(insertable.Length)]);
                break;
            case 1:
                text.Insert(0, Epochs[random.Next(Epochs.Length)]);
                break;
            case 2:
                text.Insert(at, LongNumber());
                break;
            case 3:
                ReplaceDigitRun(text, LongNumber());
                break;
            case 4:
                ReplaceDigitRun(text, "0" + random.Next(100).ToString(CultureInfo.InvariantCulture));
                break;
            case 5:
                text.Append(Tails[random.Next(Tails.Length)]);
                break;
            case 6 when text.Length > 1:
                text.Remove(random.Next(text.Length), 1);
                break;
            case 7 when text.Length > 1:
                text.Length = random.Next(1, text.Length);
                break;
            case 8:
                text.Insert(at, (char)('a' + random.Next(26)));
                break;
            default:
                text.Insert(at, random.Next(10).ToString(CultureInfo.InvariantCulture));
                break;
        }

        return text.ToString();
    }

    private string LongNumber()
    {
        var digits = new StringBuilder();
        digits.Append((char)('1' + random.Next(9)));
        var length = random.Next(10, 40);
        while (digits.Length < length)
        {
            digits.Append((char)('0' + random.Next(10)));
        }

        return digits.ToString();
    }

    private void ReplaceDigitRun(StringBuilder text, string replacement)
    {
        var starts = new List<int>();
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsAsciiDigit(text[i]) && (i == 0 || !char.IsAsciiDigit(text[i - 1])))
            {
                starts.Add(i);
            }
        }

        if (starts.Count == 0)
        {
            text.Append(replacement);
            return;
        }

        var start = starts[random.Next(starts.Count)];
        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        text.Remove(start, end - start).Insert(start, replacement);
    }
}
