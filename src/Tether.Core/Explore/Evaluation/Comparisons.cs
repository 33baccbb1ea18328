using System.Text.RegularExpressions;
using Tether.Core.Explore.Schema;

namespace Tether.Core.Explore.Evaluation;

/// <summary>
/// Value comparison: text case-insensitively (<c>~</c> is a glob: <c>*</c> any run, <c>?</c> one character), severities
/// by rank, lists when any element matches (<c>!=</c>/<c>!~</c>: when none does). Unknown (null) only satisfies
/// <c>!=</c> and <c>!~</c>: unknown is not invented into a match.
/// </summary>
internal static class Comparisons
{
    public static bool Matches(object? actual, string op, object expected, PropertyType type)
    {
        var negative = op is "!=" or "!~";
        if (actual is null)
        {
            return negative;
        }

        if (actual is not string && actual is IEnumerable<string> list)
        {
            var positiveOp = op switch { "!=" => "=", "!~" => "~", _ => op };
            var any = list.Any(item => Single(item, positiveOp, expected, type));
            return negative ? !any : any;
        }

        return Single(actual, op, expected, type);
    }

    private static bool Single(object actual, string op, object expected, PropertyType type)
    {
        int order;
        switch (type)
        {
            case PropertyType.Text:
            {
                var text = Convert.ToString(actual, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                var pattern = (string)expected;
                return op switch
                {
                    "=" => string.Equals(text, pattern, StringComparison.OrdinalIgnoreCase),
                    "!=" => !string.Equals(text, pattern, StringComparison.OrdinalIgnoreCase),
                    "~" => Glob(pattern).IsMatch(text),
                    "!~" => !Glob(pattern).IsMatch(text),
                    _ => false,
                };
            }

            case PropertyType.Boolean:
                return (actual is true) == (bool)expected == (op == "=");
            case PropertyType.Severity:
                var rank = Severities.Rank(actual as string);
                if (rank is null)
                {
                    return op == "!=";
                }

                order = rank.Value.CompareTo((int)expected);
                break;
            case PropertyType.Number:
                order = Convert.ToDouble(actual, System.Globalization.CultureInfo.InvariantCulture).CompareTo((double)expected);
                break;
            case PropertyType.Time:
                order = ((DateTimeOffset)actual).CompareTo((DateTimeOffset)expected);
                break;
            default:
                return false;
        }

        return op switch
        {
            "=" => order == 0,
            "!=" => order != 0,
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            ">=" => order >= 0,
            _ => false,
        };
    }

    private static readonly Dictionary<string, Regex> Globs = [];

    private static Regex Glob(string pattern)
    {
        lock (Globs)
        {
            if (!Globs.TryGetValue(pattern, out var regex))
            {
                var body = Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal);
                regex = new Regex("^" + body + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
                if (Globs.Count < 256)
                {
                    Globs[pattern] = regex;
                }
            }

            return regex;
        }
    }
}
