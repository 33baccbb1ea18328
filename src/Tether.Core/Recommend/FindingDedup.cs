namespace Tether.Core.Recommend;

/// <summary>
/// One finding per (image, vulnerability, package name, version), as the trace and the grouping count them: a match
/// reached through two layers (or an index and its platform manifest) is one finding, the first one read; a scanner's
/// finding and Tether's own match of the same package version in the same image are one, the more urgent one (then
/// by vulnerability id, package name, and the order read). Most images hold no such pair, and their layers' shared
/// lists stay as they are; only an image that does (or images sharing a family or a digest) has its lists rebuilt.
/// </summary>
internal static class FindingDedup
{
    public static void Apply(IReadOnlyList<RunningImage> images, Func<RunningImage, bool> included)
    {
        var domains = Domains(images);
        var overlaps = new Dictionary<(FindingList, FindingList), bool>();
        foreach (var domain in domains)
        {
            if (domain.Count > 1 || Collides(domain[0], overlaps))
            {
                Resolve(domain, included);
            }
        }
    }

    /// <summary>Images that share a family (index and platform manifest both running) or a digest count their findings together.</summary>
    private static List<List<RunningImage>> Domains(IReadOnlyList<RunningImage> images)
    {
        var parent = Enumerable.Range(0, images.Count).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
        var byFamily = new Dictionary<long, int>();
        var byDigest = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < images.Count; i++)
        {
            if (byFamily.TryGetValue(images[i].Family, out var other))
            {
                parent[Find(i)] = Find(other);
            }

            if (byDigest.TryGetValue(images[i].Digest, out other))
            {
                parent[Find(i)] = Find(other);
            }

            byFamily.TryAdd(images[i].Family, i);
            byDigest.TryAdd(images[i].Digest, i);
        }

        return [.. Enumerable.Range(0, images.Count).GroupBy(Find).Select(g => g.Select(i => images[i]).ToList())];
    }

    private static bool Collides(RunningImage image, Dictionary<(FindingList, FindingList), bool> overlaps)
    {
        var lists = image.Slots.Select(s => s.Findings).ToList();
        for (var i = 0; i < lists.Count; i++)
        {
            if (lists[i].HasDuplicateKeys)
            {
                return true;
            }

            for (var j = i + 1; j < lists.Count; j++)
            {
                if (!overlaps.TryGetValue((lists[i], lists[j]), out var overlap))
                {
                    var (small, large) = lists[i].Items.Count <= lists[j].Items.Count ? (lists[i], lists[j]) : (lists[j], lists[i]);
                    overlap = small.Items.Any(t => large.Keys.Contains(t.Key));
                    overlaps[(lists[i], lists[j])] = overlap;
                }

                if (overlap)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The trace's rule (first read per match or finding node and family), then the grouping's (most urgent per key).</summary>
    private static void Resolve(List<RunningImage> domain, Func<RunningImage, bool> included)
    {
        var seen = new HashSet<(long Node, long Family)>();
        var candidates = new List<(ImageSlot Slot, FindingTemplate Finding, int Order)>();
        foreach (var image in domain.OrderBy(i => i.Index))
        {
            foreach (var slot in image.Slots)
            {
                foreach (var finding in slot.Findings.Items)
                {
                    if (seen.Add((finding.Node, image.Family)))
                    {
                        candidates.Add((slot, finding, candidates.Count));
                    }
                }
            }
        }

        var keys = new HashSet<(string Image, int Key)>();
        var kept = candidates
            .Where(c => included(c.Slot.Image))
            .OrderByDescending(c => RecommendationGrouper.Score(c.Finding, c.Slot.Image))
            .ThenBy(c => c.Finding.Vulnerability.Id, StringComparer.Ordinal)
            .ThenBy(c => c.Finding.Package.Name, StringComparer.Ordinal)
            .ThenBy(c => c.Order)
            .Where(c => keys.Add((c.Slot.Image.Digest, c.Finding.Key)))
            .ToLookup(c => c.Slot);
        foreach (var image in domain)
        {
            var slots = image.Slots.ToList();
            image.Slots.Clear();
            foreach (var slot in slots)
            {
                var items = kept[slot].OrderBy(c => c.Order).Select(c => c.Finding).ToList();
                if (items.Count > 0)
                {
                    image.Slots.Add(slot with { Findings = new FindingList(slot.Findings.LayerDiffId, items) });
                }
            }
        }
    }
}
