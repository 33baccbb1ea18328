using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tether.Core.Errors;
using Tether.Scanner.Analyze;

namespace Tether.Scanner.Layers;

/// <summary>
/// Scans a root filesystem on disk (<c>tether scan dir:PATH</c>: a <c>debootstrap</c> root, a <c>docker export</c>
/// unpacked) into one <see cref="LayerScan"/>, so <see cref="ImageFilesystem.Merge"/> and the normalizer treat it as a
/// one-layer image. The walk never leaves the root: symlinks are recorded with their target and never followed,
/// directories on another filesystem (a mounted <c>/proc</c>) are not entered, devices, FIFOs and sockets are recorded
/// as <see cref="LayerEntryKind.Special"/> and never opened, and a file is read only if it is still the file that was
/// listed. Files go through the same <see cref="FileContentReader"/> as a layer's, under the same
/// <see cref="ScannerLimits"/>.
/// </summary>
/// <remarks>
/// The scan's <see cref="LayerScan.DiffId"/> is NOT a layer digest: it is <see cref="IdPrefix"/> + the sha256 of the
/// sorted entry listing (<see cref="ListingId"/>), which names this listing for messages and reports. It is never a
/// <c>sha256:</c> digest, so the layer cache refuses it and nothing can mistake it for a layer of a registry image.
/// </remarks>
public sealed class DirectoryScanner(IReadOnlyList<IFileAnalyzer> analyzers, ScannerLimits? limits = null)
{
    /// <summary>Prefix of the synthetic id of a directory scan (<c>dir:sha256:HEX</c>).</summary>
    public const string IdPrefix = "dir:";

    private readonly ScannerLimits _limits = limits ?? ScannerLimits.Default;
    private readonly FileContentReader _files = new(analyzers, limits ?? ScannerLimits.Default);

    /// <summary>Whether to descend into directories on another filesystem than the root's (mount points such as <c>proc</c>, <c>sys</c>, <c>dev</c>).</summary>
    public bool CrossFilesystems { get; init; }

    /// <summary>Whether <paramref name="id"/> is the synthetic id of a directory scan rather than a layer diff id.</summary>
    public static bool IsDirectoryId(string? id) => id is not null && id.StartsWith(IdPrefix, StringComparison.Ordinal);

    /// <param name="root">The root filesystem's directory (a symlink naming it is followed; nothing under it is).</param>
    /// <param name="cancellationToken">Stops the walk between two entries or buffers.</param>
    /// <exception cref="InputException">The root is not a readable directory, or the tree exceeds a limit.</exception>
    public async Task<LayerScan> ScanAsync(string root, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        var top = Path.GetFullPath(root);
        if (!Directory.Exists(top))
        {
            throw new InputException(root, null, "is not a directory");
        }

        // The root itself may be named through a symlink (the user chose it); everything under it is taken as it is.
        top = new DirectoryInfo(top).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? top;
        var rootStatus = UnixFileStatus.Of(top, out var rootError)
            ?? throw new InputException(root, null, $"cannot be read: {rootError}");
        var walk = new ScanCollector(root, _limits);
        long bytes = 0;

        // Depth first, children in ordinal order, so the entry order (and the listing id) does not depend on readdir.
        var pending = new Stack<(string Absolute, string? Relative)>();
        pending.Push((top, null));
        while (pending.TryPop(out var directory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string[] children;
            try
            {
                children = Directory.GetFileSystemEntries(directory.Absolute);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                walk.Warn($"{directory.Relative ?? "/"}: cannot be listed ({e.Message}); its contents are not scanned");
                continue;
            }

            Array.Sort(children, StringComparer.Ordinal);
            var subdirectories = new List<(string, string)>();
            foreach (var absolute in children)
            {
                var name = Path.GetFileName(absolute);
                var relative = directory.Relative is null ? name : $"{directory.Relative}/{name}";
                if (++walk.Count > _limits.MaxEntries)
                {
                    throw new InputException(root, null, $"more than {_limits.MaxEntries:N0} entries");
                }

                if (relative.Length > _limits.MaxPathLength)
                {
                    walk.Warn($"path of {relative.Length:N0} characters skipped");
                    continue;
                }

                var status = UnixFileStatus.Of(absolute, out var error);
                if (status is not { } found)
                {
                    walk.Warn($"{relative}: cannot be read ({error}); skipped");
                    continue;
                }

                switch (found.Type)
                {
                    case UnixFileType.Directory:
                        walk.Entries.Add(new LayerEntry(relative, LayerEntryKind.Directory, 0, found.Mode));
                        if (found.Device == rootStatus.Device || CrossFilesystems)
                        {
                            subdirectories.Add((absolute, relative));
                        }
                        else
                        {
                            walk.Warn($"{relative}: another filesystem is mounted here; not entered");
                        }

                        break;
                    case UnixFileType.Symlink:
                        walk.Entries.Add(new LayerEntry(relative, LayerEntryKind.Symlink, 0, found.Mode) { LinkTarget = LinkTarget(absolute) });
                        break;
                    case UnixFileType.Regular:
                        var entry = new LayerEntry(relative, LayerEntryKind.File, found.Size, found.Mode);
                        walk.Entries.Add(await ReadFileAsync(entry, absolute, found, walk, cancellationToken).ConfigureAwait(false));
                        bytes += found.Size;
                        break;
                    default:
                        walk.Entries.Add(new LayerEntry(relative, LayerEntryKind.Special, 0, found.Mode));
                        break;
                }
            }

            // Pushed in reverse so they are popped (walked) in ordinal order.
            for (var i = subdirectories.Count - 1; i >= 0; i--)
            {
                pending.Push(subdirectories[i]);
            }
        }

        return walk.Result(ListingId(walk.Entries), blobDigest: null, compression: "none", bytes);
    }

    /// <summary>
    /// <see cref="IdPrefix"/> + sha256 of the entries sorted by path, one line each (path, kind, size, mode, link target,
    /// executable hash): it changes when a file is added, removed, resized, re-permissioned, re-linked or an executable
    /// changes, not when a non-executable file's bytes change at the same size.
    /// </summary>
    public static string ListingId(IEnumerable<LayerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var entry in entries.OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{entry.Path}\0{entry.Kind}\0{entry.Size}\0{Convert.ToString(entry.Mode, 8)}\0{entry.LinkTarget}\0{entry.Sha256}\n");
            hash.AppendData(Encoding.UTF8.GetBytes(line));
        }

        return IdPrefix + "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Reads a regular file through the shared reader — unless it is empty (a layer walker gets no data for an empty
    /// entry either, and a special file the platform could not tell apart is never opened), cannot be opened, or is no
    /// longer the file that was listed (replaced by a symlink or another file since: the scan must not be steered
    /// outside the root).
    /// </summary>
    private async Task<LayerEntry> ReadFileAsync(LayerEntry entry, string absolute, FileStatus listed, ScanCollector walk, CancellationToken cancellationToken)
    {
        if (entry.Size == 0)
        {
            return entry;
        }

        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(absolute, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            walk.Warn($"{entry.Path}: cannot be opened ({e.Message}); not analyzed");
            return entry;
        }

        var stream = new FileRangeStream(handle, 0, entry.Size, ownsHandle: true, entry.Path);
        await using (stream.ConfigureAwait(false))
        {
            if (UnixFileStatus.Of(handle) is { } opened && (opened.Inode != listed.Inode || opened.Device != listed.Device || opened.Type != UnixFileType.Regular))
            {
                walk.Warn($"{entry.Path}: replaced while the scan ran; not read");
                return entry;
            }

            try
            {
                return await _files.ReadAsync(entry, stream, walk, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                walk.Warn($"{entry.Path}: cannot be read ({e.Message}); not analyzed");
                return entry;
            }
        }
    }

    private static string? LinkTarget(string absolute)
    {
        try
        {
            return new FileInfo(absolute).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
