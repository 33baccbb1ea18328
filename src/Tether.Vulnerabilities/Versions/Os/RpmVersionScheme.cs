using System.Diagnostics.CodeAnalysis;

namespace Tether.Vulnerabilities.Versions.Os;

/// <summary>
/// RPM package versions (Red Hat, Rocky Linux, AlmaLinux, SUSE, openSUSE, … through the family table) in OSV's
/// <c>[epoch:]version-release</c> form, ordered as rpm 4.18 orders them. rpm orders almost every string, so only
/// what rpm refuses (an empty version part) or what cannot be an rpm field at all (white space, control characters,
/// text that is not Unicode) is invalid.
/// </summary>
public sealed class RpmVersionScheme : IVersionScheme
{
    private const string EmptyVersion = "the version part of [epoch:]version[-release] is empty";

    public string Name => "RPM";

    public string Reference =>
        "rpm 4.18: rpmvercmp (rpmio/rpmvercmp.c) per field, EVR split as rpmverParse, epoch and release as python rpm.labelCompare";

    public bool IsValid(string version, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(version);
        error = Validate(version);
        return error is null;
    }

    public int Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (Validate(a) is { } errorA)
        {
            throw new VersionFormatException(a, Name, errorA);
        }

        if (Validate(b) is { } errorB)
        {
            throw new VersionFormatException(b, Name, errorB);
        }

        return RpmVersion.Compare(RpmVersion.Parse(a), RpmVersion.Parse(b));
    }

    private static string? Validate(ReadOnlySpan<char> version)
    {
        if (version.IsEmpty)
        {
            return "version string is empty";
        }

        // rpmbuild refuses white space in Version and Release, and no rpm header or OSV record carries control characters.
        for (var i = 0; i < version.Length; i++)
        {
            if (char.IsWhiteSpace(version[i]) || char.IsControl(version[i]))
            {
                return $"white space or control character at offset {i}";
            }
        }

        if (VersionText.CheckEncodable(version) is { } encoding)
        {
            return encoding;
        }

        // rpm.labelCompare (rpmverNew) refuses an EVR whose version is empty: "-1", "1:", "2:-3".
        return RpmVersion.Parse(version).Version.IsEmpty ? EmptyVersion : null;
    }
}
