using Tether.Core.Advisories;

using Tether.Vulnerabilities.Versions;

namespace Tether.Vulnerabilities.Matching;

/// <summary>
/// OSV's evaluation of one <c>affected[]</c> entry for one version (ossf/osv-schema, "Evaluation"):
/// affected when some ECOSYSTEM/SEMVER range holds it, or when the version is listed in <c>versions</c> (checked
/// second: a version in both is reported with the range's fix) — a range holds it when
/// its events sorted by version (<c>introduced: "0"</c> lowest), an <c>introduced</c> at or below the version
/// opens the range, a <c>fixed</c> at or below it closes it, a <c>last_affected</c> below it closes it —
/// and the version is below one of the range's <c>limit</c>s, if it has any. GIT ranges need a commit graph
/// and are skipped with a reason. Bounds the ecosystem cannot parse are skipped with a named warning;
/// a range left with nothing usable decides nothing.
/// </summary>
public static class AffectedEvaluator
{
    public static MatchDecision Evaluate(IVersionScheme scheme, string version, IReadOnlyList<AffectedRange> ranges, IReadOnlyList<string> versions)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(ranges);
        ArgumentNullException.ThrowIfNull(versions);
        if (!scheme.IsValid(version, out var invalid))
        {
            return MatchDecision.NotAffected($"installed version is not a valid {scheme.Name} version: {invalid}", [$"unparsable installed version '{version}'"]);
        }

        var warnings = new List<string>();
        var skippedGit = false;
        for (var i = 0; i < ranges.Count; i++)
        {
            var range = ranges[i];
            if (string.Equals(range.Type, "GIT", StringComparison.OrdinalIgnoreCase))
            {
                skippedGit = true;
                continue;
            }

            var decision = EvaluateRange(scheme, version, range, i, warnings);
            if (decision is not null)
            {
                return decision;
            }
        }

        // Ranges first: PyPA and osv.dev list every affected version beside the range, and only the range names the fix.
        foreach (var listed in versions)
        {
            if (scheme.IsValid(listed, out _) ? scheme.Compare(listed, version) == 0 : listed == version)
            {
                return new MatchDecision(true, $"{version} is listed in the advisory's affected versions", Warnings: warnings);
            }
        }

        var reason = ranges.Count == 0 && versions.Count == 0
            ? "the advisory entry names no ranges and no versions"
            : $"{version} is outside every range" + (skippedGit ? " (GIT ranges ignored: they need the repository's commit graph)" : "");
        return MatchDecision.NotAffected(reason, warnings);
    }

    private static MatchDecision? EvaluateRange(IVersionScheme scheme, string version, AffectedRange range, int index, List<string> warnings)
    {
        var events = new List<RangeEvent>(range.Events.Count);
        foreach (var e in range.Events)
        {
            if (IsZero(e) || scheme.IsValid(e.Version, out _) || (e.Kind == RangeEventKind.Limit && e.Version == "*"))
            {
                events.Add(e);
            }
            else
            {
                warnings.Add($"range {index}: {e.Name} '{e.Version}' is not a valid {scheme.Name} version; event skipped");
            }
        }

        if (!events.Any(e => e.Kind == RangeEventKind.Introduced))
        {
            return null;
        }

        var limits = events.Where(e => e.Kind == RangeEventKind.Limit).ToList();
        if (limits.Count > 0 && !limits.Any(l => l.Version == "*" || scheme.Compare(version, l.Version) < 0))
        {
            return null;
        }

        events.Sort((a, b) => CompareEvents(scheme, a, b));
        var affected = false;
        RangeEvent? opened = null;
        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case RangeEventKind.Introduced when IsZero(e) || scheme.Compare(version, e.Version) >= 0:
                    affected = true;
                    opened = e;
                    break;
                case RangeEventKind.Fixed when scheme.Compare(version, e.Version) >= 0:
                    affected = false;
                    break;
                case RangeEventKind.LastAffected when scheme.Compare(version, e.Version) > 0:
                    affected = false;
                    break;
            }
        }

        if (!affected)
        {
            return null;
        }

        // The bound that closes the open interval above the version: the fix to move to, or the last affected one.
        var closing = events.Where(e =>
                (e.Kind == RangeEventKind.Fixed && scheme.Compare(e.Version, version) > 0)
                || (e.Kind == RangeEventKind.LastAffected && scheme.Compare(e.Version, version) >= 0))
            .Cast<RangeEvent?>()
            .FirstOrDefault();
        var fixedIn = closing is { Kind: RangeEventKind.Fixed } fix ? fix.Version : null;
        var lastAffected = closing is { Kind: RangeEventKind.LastAffected } last ? last.Version : null;
        var reason = $"{version} ≥ introduced {opened!.Value.Version}" +
            (fixedIn is not null ? $" and < fixed {fixedIn}" : lastAffected is not null ? $" and ≤ last_affected {lastAffected}" : ", no fix yet");
        return new MatchDecision(true, $"{range.Type} range {index}: {reason}", index, opened.Value.Version, fixedIn, lastAffected, warnings);
    }

    private static int CompareEvents(IVersionScheme scheme, RangeEvent a, RangeEvent b)
    {
        if (IsZero(a) || IsZero(b))
        {
            return IsZero(a) && IsZero(b) ? 0 : IsZero(a) ? -1 : 1;
        }

        if (a.Version == "*" || b.Version == "*")
        {
            return a.Version == b.Version ? 0 : a.Version == "*" ? 1 : -1;
        }

        return scheme.Compare(a.Version, b.Version);
    }

    private static bool IsZero(RangeEvent e) => e.Kind == RangeEventKind.Introduced && e.Version == "0";
}
