namespace Tether.Web.Graphs;

/// <summary>A list of cluster names short enough to read: the first ten, then how many more.</summary>
public static class ClusterList
{
    public const int Shown = 10;

    public static string Of(IReadOnlyList<string> clusters)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        return clusters.Count <= Shown
            ? string.Join(", ", clusters)
            : string.Join(", ", clusters.Take(Shown)) + $" and {clusters.Count - Shown} more";
    }
}
