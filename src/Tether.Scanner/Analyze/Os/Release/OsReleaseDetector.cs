using System.Text;
using System.Text.RegularExpressions;
using Tether.Core.Errors;
using Tether.Vulnerabilities.Sbom.Parse;

namespace Tether.Scanner.Analyze.Os.Release;

/// <summary>
/// Which distribution and release an image's root filesystem is, from the files distributions write for it, in
/// this order (the first that names the distro wins):
/// <list type="number">
/// <item><c>etc/os-release</c>, else <c>usr/lib/os-release</c> (its fallback location; distroless images have it):
/// <c>ID</c> and <c>VERSION_ID</c>. Debian testing and unstable have no <c>VERSION_ID</c>; their release is then
/// <c>etc/debian_version</c> as written (<c>trixie/sid</c>), Alpine's <c>etc/alpine-release</c>;</item>
/// <item><c>etc/lsb-release</c>: <c>DISTRIB_ID</c>, <c>DISTRIB_RELEASE</c>;</item>
/// <item><c>etc/alpine-release</c> (<c>3.4.6</c>);</item>
/// <item><c>etc/redhat-release</c> (<c>Red Hat Enterprise Linux release 9.2 (Plow)</c>, <c>CentOS Linux release
/// 7.9.2009 (Core)</c>, Rocky, AlmaLinux, Fedora): the name mapped to its os-release id;</item>
/// <item><c>etc/debian_version</c> (<c>12.4</c>, <c>trixie/sid</c>).</item>
/// </list>
/// Ids are os-release ids (<c>debian</c>, <c>ubuntu</c>, <c>alpine</c>, <c>rhel</c>, <c>centos</c>…), lower case; an id
/// with characters os-release does not allow counts as absent. Pure: the scanner reads <see cref="Paths"/> from the
/// image's final filesystem and passes what exists.
/// </summary>
public static partial class OsReleaseDetector
{
    /// <summary>Largest release file read; real ones are under a kilobyte.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The files <see cref="Detect"/> reads, relative to the root.</summary>
    public static IReadOnlyList<string> Paths { get; } =
        ["etc/os-release", "usr/lib/os-release", "etc/lsb-release", "etc/alpine-release", "etc/redhat-release", "etc/debian_version"];

    private static readonly (string Prefix, string Id)[] RedHatNames =
    [
        ("red hat enterprise linux", "rhel"),
        ("centos", "centos"),
        ("rocky linux", "rocky"),
        ("almalinux", "almalinux"),
        ("fedora", "fedora"),
        ("oracle linux", "ol"),
    ];

    /// <summary>The release, or null when none of the files names a distribution.</summary>
    /// <param name="files">Contents by path (relative to the root, as in <see cref="Paths"/>); absent files are simply missing.</param>
    public static OperatingSystemRelease? Detect(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var osRelease = Text(files, "etc/os-release") is { } etc ? KeyValueFile.Parse(etc)
            : Text(files, "usr/lib/os-release") is { } usr ? KeyValueFile.Parse(usr)
            : null;
        if (osRelease is not null && Id(osRelease.GetValueOrDefault("ID")) is { } id)
        {
            var version = Version(osRelease.GetValueOrDefault("VERSION_ID"))
                ?? id switch
                {
                    "debian" => FirstLine(files, "etc/debian_version"),
                    "alpine" => FirstLine(files, "etc/alpine-release"),
                    _ => null,
                };
            return new OperatingSystemRelease(id, version);
        }

        if (Text(files, "etc/lsb-release") is { } lsb)
        {
            var values = KeyValueFile.Parse(lsb);
            if (Id(values.GetValueOrDefault("DISTRIB_ID")) is { } lsbId)
            {
                return new OperatingSystemRelease(lsbId, Version(values.GetValueOrDefault("DISTRIB_RELEASE")));
            }
        }

        if (FirstLine(files, "etc/alpine-release") is { } alpine)
        {
            return new OperatingSystemRelease("alpine", alpine);
        }

        if (Text(files, "etc/redhat-release") is { } redHat && RedHat(redHat.Split('\n')[0]) is { } release)
        {
            return release;
        }

        return FirstLine(files, "etc/debian_version") is { } debian ? new OperatingSystemRelease("debian", debian) : null;
    }

    private static OperatingSystemRelease? RedHat(string line)
    {
        var lower = line.ToLowerInvariant();
        foreach (var (prefix, id) in RedHatNames)
        {
            if (lower.StartsWith(prefix, StringComparison.Ordinal))
            {
                var match = ReleaseNumber().Match(lower);
                return new OperatingSystemRelease(id, match.Success ? match.Groups[1].Value : null);
            }
        }

        return null;
    }

    private static string? Text(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> files, string path)
    {
        if (!files.TryGetValue(path, out var content))
        {
            return null;
        }

        if (content.Length > MaxBytes)
        {
            throw new InputException(path, null, $"is {content.Length} bytes, over the {MaxBytes}-byte limit for a release file.");
        }

        return Encoding.UTF8.GetString(content.Span);
    }

    private static string? FirstLine(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> files, string path) =>
        Text(files, path) is { } text ? Version(text.Split('\n')[0].Trim()) : null;

    /// <summary>os-release(5): ID is lower-case letters, digits, <c>.</c>, <c>_</c>, <c>-</c>; lsb's DISTRIB_ID is capitalized.</summary>
    private static string? Id(string? value)
    {
        var id = value?.Trim().ToLowerInvariant();
        return !string.IsNullOrEmpty(id) && id.Length <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') ? id : null;
    }

    /// <summary>A release as written, when it is one printable word (<c>12</c>, <c>3.4.6</c>, <c>trixie/sid</c>).</summary>
    private static string? Version(string? value)
    {
        var version = value?.Trim();
        return !string.IsNullOrEmpty(version) && version.Length <= 64 && version.All(c => c > ' ' && c <= '~') ? version : null;
    }

    [GeneratedRegex(@"release\s+([0-9][0-9a-z._-]*)")]
    private static partial Regex ReleaseNumber();
}
