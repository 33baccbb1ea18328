using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Tether.Core.Errors;
using Tether.Core.Identity;
using Tether.Registry.Client;

namespace Tether.Scanner.Collect;

/// <summary>
/// What <c>tether scan SOURCE</c> reads, parsed from the command line: an image in a registry, an OCI layout directory
/// (<c>oci:DIR[:REF]</c>), a <c>docker save</c> archive (<c>docker-archive:FILE[:REF]</c>) or a root filesystem
/// (<c>dir:PATH</c>). The CLI switches on the case. Parsing is pure; <see cref="Parse"/> may be given a probe for paths
/// that exist to settle the rare path with a colon in it.
/// </summary>
public abstract record ScanSource
{
    public const string OciPrefix = "oci:";
    public const string DockerArchivePrefix = "docker-archive:";
    public const string DirectoryPrefix = "dir:";

    /// <summary>Forces a registry reference (skopeo's spelling), e.g. for a registry host named <c>dir</c>.</summary>
    public const string RegistryPrefix = "docker://";

    /// <summary>Transports other tools know that Tether does not read, named so the error can say what to do.</summary>
    private static readonly string[] Unsupported = ["oci-archive:", "docker-daemon:", "containers-storage:", "tarball:", "sif:", "ostree:"];

    private ScanSource()
    {
    }

    /// <summary>An image in a registry: <c>ghcr.io/org/app:1.2</c>, <c>nginx</c> (→ <c>docker.io/library/nginx</c>), <c>app@sha256:…</c>.</summary>
    public sealed record RegistryImage(ImageName Name) : ScanSource;

    /// <summary>An OCI image layout directory; <paramref name="Reference"/> is a tag (its <c>org.opencontainers.image.ref.name</c>) or a digest, null for the only image.</summary>
    public sealed record OciLayout(string Directory, string? Reference) : ScanSource;

    /// <summary>A <c>docker save</c> tar; <paramref name="Reference"/> is what <see cref="DockerArchiveSource.Select"/> takes, null for the only image.</summary>
    public sealed record DockerArchive(string File, string? Reference) : ScanSource;

    /// <summary>A root filesystem on disk (<c>debootstrap</c>, an unpacked <c>docker export</c>), scanned by <see cref="Layers.DirectoryScanner"/>.</summary>
    public sealed record RootFilesystem(string Directory) : ScanSource;

    /// <summary>Parses SOURCE; <see cref="InputException"/> saying what is accepted when it is none of them.</summary>
    /// <param name="text">The SOURCE argument.</param>
    /// <param name="pathExists">
    /// Optional probe (the CLI passes one that checks the disk). <c>oci:/a:b</c> may be the directory <c>/a</c> at tag
    /// <c>b</c> or the directory <c>/a:b</c>: without a probe the first reading wins; with one, the first whose path
    /// exists. A trailing colon (<c>oci:/a:b:</c>) always means "no reference".
    /// </param>
    public static ScanSource Parse(string text, Func<string, bool>? pathExists = null) =>
        TryParse(text, pathExists, out var source, out var error) ? source : throw new InputException(string.IsNullOrWhiteSpace(text) ? "SOURCE" : Clip(text), null, error);

    public static bool TryParse(string? text, Func<string, bool>? pathExists, [NotNullWhen(true)] out ScanSource? source, [NotNullWhen(false)] out string? error)
    {
        source = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "no source given (an image reference, oci:DIR[:REF], docker-archive:FILE[:REF] or dir:PATH)";
            return false;
        }

        if (Unsupported.FirstOrDefault(p => text.StartsWith(p, StringComparison.Ordinal)) is { } transport)
        {
            error = $"{transport.TrimEnd(':', '/')} sources are not read by Tether; copy the image into a layout first (skopeo copy {Clip(text)} oci:DIR:TAG) and scan oci:DIR:TAG";
            return false;
        }

        if (text.StartsWith(DirectoryPrefix, StringComparison.Ordinal))
        {
            var path = text[DirectoryPrefix.Length..];
            source = path.Length > 0 ? new RootFilesystem(path) : null;
            error = path.Length > 0 ? null : "dir: needs a path (dir:PATH)";
            return source is not null;
        }

        if (text.StartsWith(OciPrefix, StringComparison.Ordinal))
        {
            if (Split(text[OciPrefix.Length..], IsOciReference, pathExists) is not { } oci)
            {
                error = "oci: needs a directory (oci:DIR[:TAG|:DIGEST])";
                return false;
            }

            source = new OciLayout(oci.Path, oci.Reference);
            return true;
        }

        if (text.StartsWith(DockerArchivePrefix, StringComparison.Ordinal))
        {
            if (Split(text[DockerArchivePrefix.Length..], IsArchiveReference, pathExists) is not { } archive)
            {
                error = "docker-archive: needs a file (docker-archive:FILE[:NAME:TAG|:@N|:DIGEST])";
                return false;
            }

            source = new DockerArchive(archive.Path, archive.Reference);
            return true;
        }

        var reference = text.StartsWith(RegistryPrefix, StringComparison.Ordinal) ? text[RegistryPrefix.Length..] : text;
        if (!ImageName.TryParse(reference, out var name, out var nameError))
        {
            error = $"not an image reference, oci:DIR[:REF], docker-archive:FILE[:REF] or dir:PATH ({nameError})";
            return false;
        }

        source = new RegistryImage(name);
        return true;
    }

    /// <summary>
    /// <c>PATH[:REF]</c>: the readings are every colon whose right side is a valid reference, left to right, then the whole
    /// text as a path; a trailing colon leaves only the path. Null when the path would be empty.
    /// </summary>
    private static (string Path, string? Reference)? Split(string rest, Func<string, bool> isReference, Func<string, bool>? pathExists)
    {
        if (rest.EndsWith(':'))
        {
            var path = rest[..^1];
            return path.Length > 0 ? (path, null) : null;
        }

        var readings = new List<(string Path, string? Reference)>();
        for (var colon = rest.IndexOf(':', StringComparison.Ordinal); colon >= 0; colon = rest.IndexOf(':', colon + 1))
        {
            if (colon > 0 && isReference(rest[(colon + 1)..]))
            {
                readings.Add((rest[..colon], rest[(colon + 1)..]));
            }
        }

        if (rest.Length > 0)
        {
            readings.Add((rest, null));
        }

        if (readings.Count == 0)
        {
            return null;
        }

        return pathExists is null ? readings[0] : readings.FirstOrDefault(r => pathExists(r.Path)) is { Path: not null } found ? found : readings[0];
    }

    private static bool IsOciReference(string text) =>
        RepositoryNames.IsValidTag(text) || IsDigest(text);

    private static bool IsArchiveReference(string text) =>
        IsDigest(text)
        || (text.Length > 1 && text[0] == '@' && int.TryParse(text[1..], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        || ImageName.TryParse(text, out _, out _);

    private static bool IsDigest(string text) => Digest.TryParse(text, out var digest) && digest == text;

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
