using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Tether.Cli.Infrastructure;

/// <summary>Durations as kubectl writes them (<c>30s</c>, <c>10m</c>, <c>1h30m</c>, <c>7d</c>), or as a TimeSpan (<c>00:05:00</c>).</summary>
public static partial class Durations
{
    public static TimeSpan? Parse(string text, ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var match = DurationPattern().Match(text ?? "");
        if (match.Success && match.Length > 0)
        {
            double Part(string name) => match.Groups[name].Success ? double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
            var span = TimeSpan.FromDays(Part("d")) + TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("m")) + TimeSpan.FromSeconds(Part("s"));
            if (span > TimeSpan.Zero)
            {
                return span;
            }
        }
        else if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        result.AddError($"'{text}' is not a duration (e.g. 30s, 10m, 1h30m, 7d).");
        return null;
    }

    [GeneratedRegex(@"^(?:(?<d>\d+(?:\.\d+)?)d)?(?:(?<h>\d+(?:\.\d+)?)h)?(?:(?<m>\d+(?:\.\d+)?)m)?(?:(?<s>\d+(?:\.\d+)?)s)?$")]
    private static partial Regex DurationPattern();
}
