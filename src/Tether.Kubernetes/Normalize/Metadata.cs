using k8s.Models;

namespace Tether.Kubernetes.Normalize;

/// <summary>Small readers of object metadata shared by the normalizers.</summary>
internal static class Metadata
{
    /// <summary>
    /// kubectl's last-applied-configuration annotation repeats the whole object; it is dropped so a pod's stored
    /// properties stay small. Every other annotation is kept (environment and data classification are read from them).
    /// </summary>
    private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    public static IReadOnlyDictionary<string, string>? Labels(V1ObjectMeta? meta) =>
        meta?.Labels is { Count: > 0 } labels ? new SortedDictionary<string, string>(labels, StringComparer.Ordinal) : null;

    public static IReadOnlyDictionary<string, string>? Annotations(V1ObjectMeta? meta)
    {
        if (meta?.Annotations is not { Count: > 0 } annotations)
        {
            return null;
        }

        var kept = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in annotations)
        {
            if (key != LastApplied)
            {
                kept[key] = value;
            }
        }

        return kept.Count > 0 ? kept : null;
    }

    public static DateTimeOffset? Created(V1ObjectMeta? meta) =>
        meta?.CreationTimestamp is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : null;

    public static string? Uid(V1ObjectMeta? meta) => string.IsNullOrEmpty(meta?.Uid) ? null : meta.Uid;

    /// <summary>Images of a pod template (init containers first, as they run), distinct; null when none.</summary>
    public static IReadOnlyList<string>? Images(V1PodSpec? spec)
    {
        var images = (spec?.InitContainers ?? []).Concat(spec?.Containers ?? [])
            .Select(c => c.Image)
            .Where(i => !string.IsNullOrWhiteSpace(i))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return images.Count > 0 ? images : null;
    }
}
