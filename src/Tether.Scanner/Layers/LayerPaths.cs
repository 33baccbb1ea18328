namespace Tether.Scanner.Layers;

/// <summary>
/// Tar entry names to paths inside the image root. Names are only names: they are never used to write or open
/// anything on the host, but they must still name a place inside the root, so <c>../</c> that climbs out and
/// absolute names are rejected or clamped here, once, for everything downstream.
/// </summary>
public static class LayerPaths
{
    public const string WhiteoutPrefix = ".wh.";
    public const string OpaqueMarker = ".wh..wh..opq";

    /// <summary>
    /// The normalized path (<c>usr/bin/x</c>: no leading slash, no <c>.</c> or empty segments, <c>..</c> resolved), or null
    /// when the name climbs above the root or is empty (the root itself).
    /// </summary>
    public static string? Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var segments = new List<string>();
        foreach (var segment in name.Replace('\\', '/').Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    return null;
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            if (segment.Contains('\0', StringComparison.Ordinal))
            {
                return null;
            }

            segments.Add(segment);
        }

        return segments.Count == 0 ? null : string.Join('/', segments);
    }

    /// <summary>Whether a name is the root directory itself (<c>./</c>, <c>/</c>), which layers list and the view ignores.</summary>
    public static bool IsRoot(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Replace('\\', '/').Split('/').All(segment => segment is "" or ".");
    }

    public static string? Parent(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var slash = path.LastIndexOf('/');
        return slash < 0 ? null : path[..slash];
    }

    public static string FileName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path[(path.LastIndexOf('/') + 1)..];
    }

    /// <summary>Each proper ancestor of <paramref name="path"/>, nearest first (<c>a/b/c</c> → <c>a/b</c>, <c>a</c>).</summary>
    public static IEnumerable<string> Ancestors(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
        {
            yield return path[..slash];
        }
    }

    /// <summary>Resolves a symlink's target relative to the link's directory, clamped to the root (as a container runtime does).</summary>
    public static string? ResolveLink(string linkPath, string target)
    {
        ArgumentNullException.ThrowIfNull(linkPath);
        ArgumentNullException.ThrowIfNull(target);
        if (target.StartsWith('/'))
        {
            return Clamp(target);
        }

        var parent = Parent(linkPath);
        return Clamp(parent is null ? target : parent + "/" + target);
    }

    /// <summary>Like <see cref="Normalize"/> but <c>..</c> at the root stays at the root (chroot semantics for link targets).</summary>
    private static string? Clamp(string name)
    {
        var segments = new List<string>();
        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        return segments.Count == 0 ? null : string.Join('/', segments);
    }
}
