using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Scanner.Cache;
using Tether.Scanner.Layers;

namespace Tether.Scanner.Files;

/// <summary>A file of an image's final filesystem as the image holds it: what a runtime observation is compared with.</summary>
public sealed record IndexedFile(string Path, LayerEntryKind Kind, long Size, int Mode, string? Sha256, string? LinkTarget, int Layer, string LayerDiffId)
{
    public bool IsExecutable => Kind == LayerEntryKind.File && (Mode & 0b001_001_001) != 0;
}

/// <summary>Whether the image holds a path: <see cref="Present"/>, <see cref="Absent"/>, or <see cref="Unknown"/> when a layer's index is not at hand.</summary>
public enum FileLookupStatus
{
    Present,
    Absent,
    Unknown,
}

/// <summary>The answer for one path: the file (when present), the path asked as resolved through the image's symlinks, and what could not be read.</summary>
public sealed record FileLookup(FileLookupStatus Status, string Path, IndexedFile? File, string? Reason)
{
    /// <summary>Whether an executed binary with this sha256 is the image's own file at that path (binary drift check).</summary>
    public bool Matches(string sha256) =>
        Status == FileLookupStatus.Present && File?.Sha256 is { } expected && string.Equals(expected, sha256, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The compact file index of a stored image — paths, kind, size, mode, sha256 of executables, installing layer — for
/// binary-drift checks: is an executed binary one the image shipped? The index is not a second copy: each layer's entries
/// are already in the <see cref="LayerCache"/> under its diff id (written once, shared by every image holding the layer),
/// and the graph knows each image's layers in order (<see cref="ImageFacts.DiffIds"/>), so an image's view is those layer
/// indexes stacked as overlayfs stacks them (<see cref="ImageFilesystem.Merge"/>). A layer whose index is not cached
/// makes the answer <see cref="FileLookupStatus.Unknown"/>, never "absent": a false drift alert is worse than none.
/// </summary>
public sealed class ImageFileIndex(IGraphStore store, LayerCache cache)
{
    private const int MaxLinkHops = 40;

    /// <summary>The image's visible files, or why they cannot be listed (image not stored, no layers, layers not cached).</summary>
    public async Task<(IReadOnlyList<IndexedFile> Files, string? Problem)> LoadAsync(string digest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var node = await store.FindNodeAsync(new NodeRef(NodeKinds.Image, digest), cancellationToken).ConfigureAwait(false);
        if (node is null)
        {
            return ([], $"{digest} is not in the store (scan it with `tether scan`).");
        }

        var diffIds = node.Facts<ImageFacts>().DiffIds;
        if (diffIds is not { Count: > 0 })
        {
            return ([], $"{digest} has no layers recorded (an index, or an image known only by digest).");
        }

        var layers = new List<LayerScan>(diffIds.Count);
        var missing = new List<string>();
        foreach (var diffId in diffIds)
        {
            if (await cache.GetAsync(diffId, cancellationToken).ConfigureAwait(false) is { } scan)
            {
                layers.Add(scan);
            }
            else
            {
                missing.Add(diffId);
            }
        }

        if (missing.Count > 0)
        {
            return ([], $"the file index of {missing.Count} of the image's {diffIds.Count} layers is not in the layer cache ({string.Join(", ", missing)}); rescan the image here.");
        }

        var view = ImageFilesystem.Merge(layers);
        return ([.. view.Entries.Select(v => new IndexedFile(v.Entry.Path, v.Entry.Kind, v.Entry.Size, v.Entry.Mode, v.Entry.Sha256, v.Entry.LinkTarget, v.Layer, diffIds[v.Layer]))], null);
    }

    /// <summary>What the image holds at <paramref name="path"/> (absolute or not; symlinks in it resolved inside the image).</summary>
    public async Task<FileLookup> LookupAsync(string digest, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (files, problem) = await LoadAsync(digest, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return new FileLookup(FileLookupStatus.Unknown, path, null, problem);
        }

        return Lookup(files.ToDictionary(f => f.Path, StringComparer.Ordinal), path);
    }

    /// <summary>Resolves <paramref name="path"/> in a loaded view: every component that is a symlink is followed, inside the root.</summary>
    public static FileLookup Lookup(IReadOnlyDictionary<string, IndexedFile> files, string path)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(path);
        var pending = new Queue<string>(Split(path));
        var resolved = new List<string>();
        var hops = 0;
        while (pending.TryDequeue(out var part))
        {
            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            resolved.Add(part);
            var current = string.Join('/', resolved);
            if (!files.TryGetValue(current, out var entry))
            {
                return new FileLookup(FileLookupStatus.Absent, current, null, null);
            }

            if (entry.Kind == LayerEntryKind.Symlink && entry.LinkTarget is { } target)
            {
                if (++hops > MaxLinkHops)
                {
                    return new FileLookup(FileLookupStatus.Unknown, current, null, $"more than {MaxLinkHops} symlinks");
                }

                // A symlink's target is read in the image's root: an absolute one restarts there, a relative one from its directory.
                resolved.RemoveAt(resolved.Count - 1);
                if (target.StartsWith('/'))
                {
                    resolved.Clear();
                }

                var rest = pending.ToList();
                pending.Clear();
                foreach (var next in Split(target).Concat(rest))
                {
                    pending.Enqueue(next);
                }
            }
        }

        var final = string.Join('/', resolved);
        if (final.Length == 0 || !files.TryGetValue(final, out var file))
        {
            return new FileLookup(FileLookupStatus.Absent, final, null, null);
        }

        // A hard link's content (and hash) is its target's, an earlier entry of the same layer.
        if (file.Kind == LayerEntryKind.Hardlink && file.LinkTarget is { } link && files.TryGetValue(string.Join('/', Split(link)), out var content))
        {
            file = file with { Size = content.Size, Sha256 = content.Sha256 };
        }

        return new FileLookup(FileLookupStatus.Present, final, file, null);
    }

    private static IEnumerable<string> Split(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".");
}
