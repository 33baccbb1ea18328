using Tether.Scanner.Analyze;

namespace Tether.Scanner.Layers;

/// <summary>A file of the image's final filesystem and the layer (index, bottom = 0) its visible version comes from.</summary>
public sealed record VisibleEntry(LayerEntry Entry, int Layer);

/// <summary>
/// A package of the final filesystem: the layer whose version of its file is visible (<see cref="FoundIn"/>) and the
/// lowest layer from which every later version of that file still lists the same package and version
/// (<see cref="IntroducedIn"/>): the layer that installed it, even when a later <c>apt-get install</c> rewrote the dpkg
/// status file.
/// </summary>
public sealed record LayeredPackage(ScannedPackage Package, int IntroducedIn, int FoundIn);

/// <summary>
/// The final filesystem view of an image, computed from its layers' scans the way an overlay filesystem stacks them
/// (OCI image spec, "Applying changesets"): an upper layer's entry shadows the same path below; a whiteout
/// (<c>.wh.NAME</c>) deletes a path and everything under it from the layers below; an opaque marker hides a directory's
/// lower contents; a non-directory replacing a directory hides what was under it. Only the scans are needed, so an
/// image whose layers are all cached is rebuilt without downloading anything.
/// </summary>
public sealed record ImageFilesystem(IReadOnlyList<VisibleEntry> Entries, IReadOnlyList<LayeredPackage> Packages, IReadOnlyDictionary<string, byte[]> MetadataFiles)
{
    private const int MaxLinkHops = 8;

    /// <param name="layers">The image's layers in manifest order: the base first, the top last.</param>
    public static ImageFilesystem Merge(IReadOnlyList<LayerScan> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var visible = new Dictionary<string, VisibleEntry>(StringComparer.Ordinal);
        var deleted = new HashSet<string>(StringComparer.Ordinal);   // whiteouts of upper layers: the path and below
        var opaque = new HashSet<string>(StringComparer.Ordinal);    // opaque dirs of upper layers: below only

        // Top-down: what an upper layer says wins, so each lower entry is checked against what is above it.
        for (var i = layers.Count - 1; i >= 0; i--)
        {
            foreach (var entry in layers[i].Entries)
            {
                if (!visible.ContainsKey(entry.Path) && !Hidden(entry.Path, visible, deleted, opaque))
                {
                    visible[entry.Path] = new VisibleEntry(entry, i);
                }
            }

            deleted.UnionWith(layers[i].Whiteouts);
            opaque.UnionWith(layers[i].OpaqueDirectories);
        }

        var entries = visible.Values.OrderBy(v => v.Entry.Path, StringComparer.Ordinal).ToList();
        return new ImageFilesystem(entries, Attribute(layers, visible), Metadata(layers, visible));
    }

    /// <summary>Whether an upper layer deleted the path or one of its ancestors, made an ancestor opaque, or put a non-directory at an ancestor.</summary>
    private static bool Hidden(string path, Dictionary<string, VisibleEntry> above, HashSet<string> deleted, HashSet<string> opaque)
    {
        if (deleted.Contains(path))
        {
            return true;
        }

        foreach (var ancestor in LayerPaths.Ancestors(path))
        {
            if (deleted.Contains(ancestor) || opaque.Contains(ancestor)
                || (above.TryGetValue(ancestor, out var upper) && upper.Entry.Kind != LayerEntryKind.Directory))
            {
                return true;
            }
        }

        return false;
    }

    private static List<LayeredPackage> Attribute(IReadOnlyList<LayerScan> layers, Dictionary<string, VisibleEntry> visible)
    {
        var result = new List<LayeredPackage>();
        var byLayerAndFile = layers.Select(l => l.Packages.ToLookup(p => p.Path, StringComparer.Ordinal)).ToList();
        var analyzed = layers.SelectMany(l => l.Packages.Select(p => p.Path)).ToHashSet(StringComparer.Ordinal);
        var analyzedIn = layers.Select(l => l.Entries.Select(e => e.Path).Where(analyzed.Contains).ToHashSet(StringComparer.Ordinal)).ToList();
        foreach (var file in visible.Values.Where(v => byLayerAndFile[v.Layer].Contains(v.Entry.Path)))
        {
            foreach (var package in byLayerAndFile[file.Layer][file.Entry.Path])
            {
                // Walk down through earlier versions of the same file while they still list this package at this version.
                var introduced = file.Layer;
                for (var i = file.Layer - 1; i >= 0; i--)
                {
                    if (!analyzedIn[i].Contains(file.Entry.Path))
                    {
                        continue;
                    }

                    if (!byLayerAndFile[i][file.Entry.Path].Any(p => SamePackage(p, package)))
                    {
                        break;
                    }

                    introduced = i;
                }

                result.Add(new LayeredPackage(package, introduced, file.Layer));
            }
        }

        return result;
    }

    private static bool SamePackage(ScannedPackage a, ScannedPackage b) =>
        a.Type == b.Type && a.Namespace == b.Namespace && a.Name == b.Name && a.Version == b.Version && a.Epoch == b.Epoch && a.Architecture == b.Architecture;

    /// <summary>The visible versions of the kept metadata files, by path, following symlinks (etc/os-release → ../usr/lib/os-release) inside the root.</summary>
    private static Dictionary<string, byte[]> Metadata(IReadOnlyList<LayerScan> layers, Dictionary<string, VisibleEntry> visible)
    {
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in LayerScanner.KeptPaths)
        {
            var current = path;
            for (var hop = 0; hop <= MaxLinkHops && visible.TryGetValue(current, out var found); hop++)
            {
                if (found.Entry.Kind == LayerEntryKind.Symlink && found.Entry.LinkTarget is { } target && LayerPaths.ResolveLink(current, target) is { } next)
                {
                    current = next;
                    continue;
                }

                if (layers[found.Layer].KeptFiles.TryGetValue(current, out var content))
                {
                    result[path] = content;
                }

                break;
            }
        }

        return result;
    }
}
