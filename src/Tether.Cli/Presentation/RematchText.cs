using System.Globalization;
using Tether.Vulnerabilities.Matching;

namespace Tether.Cli.Presentation;

/// <summary>How commands that re-match the graph report it: one line for people, one object for -o json.</summary>
public static class RematchText
{
    private const int WarningsShown = 10;

    public static string Line(RematchSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var without = summary.PackagesWithoutAdvisories > 0 ? $" ({N(summary.PackagesWithoutAdvisories)} in ecosystems without advisories)" : "";
        return $"matched {N(summary.Packages)} package versions{without}: {N(summary.New)} new findings, {N(summary.Resolved)} resolved, " +
            $"{N(summary.Changed)} changed, {N(summary.Matches)} current";
    }

    public static object View(RematchSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new
        {
            packages = summary.Packages,
            packagesWithoutAdvisories = summary.PackagesWithoutAdvisories,
            matches = summary.Matches,
            @new = summary.New,
            changed = summary.Changed,
            resolved = summary.Resolved,
            evaluations = summary.Evaluations,
            warnings = summary.Warnings.OrderByDescending(w => w.Value).Select(w => new { message = w.Key, count = w.Value }),
        };
    }

    /// <summary>The most frequent warnings, counted, on stderr (unparsable versions, ecosystems without a version ordering).</summary>
    public static void WriteWarnings(RematchSummary summary, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(error);
        foreach (var (message, count) in summary.Warnings.OrderByDescending(w => w.Value).Take(WarningsShown))
        {
            error.WriteLine($"warning: {SafeText.Of(message)} ({N(count)}×)");
        }

        if (summary.Warnings.Count > WarningsShown)
        {
            error.WriteLine($"warning: … and {N(summary.Warnings.Count - WarningsShown)} other kinds (-o json lists them)");
        }
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
