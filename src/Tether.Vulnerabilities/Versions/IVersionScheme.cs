using System.Diagnostics.CodeAnalysis;

namespace Tether.Vulnerabilities.Versions;

/// <summary>
/// One ecosystem's version ordering, exact to its reference implementation (dpkg, apk-tools, rpm,
/// node-semver, pypa/packaging, Maven ComparableVersion, NuGet.Versioning, Go x/mod/semver, …).
/// Matching calls <see cref="Compare"/> millions of times: implementations avoid allocation on that path.
/// </summary>
public interface IVersionScheme
{
    /// <summary>The OSV ecosystem name this scheme serves, without release suffix (<c>Debian</c>, <c>npm</c>).</summary>
    string Name { get; }

    /// <summary>Which reference implementation (and version) the ordering follows.</summary>
    string Reference { get; }

    /// <summary>Whether <paramref name="version"/> is a version of this ecosystem; if not, why.</summary>
    bool IsValid(string version, [NotNullWhen(false)] out string? error);

    /// <summary>
    /// Negative, zero or positive as <paramref name="a"/> sorts before, equal to or after <paramref name="b"/>.
    /// Throws <see cref="VersionFormatException"/> when either is not valid.
    /// </summary>
    int Compare(string a, string b);
}

/// <summary>A version string that the ecosystem's rules reject; the message says why.</summary>
public sealed class VersionFormatException : FormatException
{
    public VersionFormatException(string version, string ecosystem, string reason)
        : base($"'{version}' is not a valid {ecosystem} version: {reason}")
    {
        Version = version;
        Reason = reason;
    }

    public VersionFormatException()
        : this("", "", "invalid")
    {
    }

    public VersionFormatException(string message)
        : this(message, "", "invalid")
    {
    }

    public VersionFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Version = "";
        Reason = message;
    }

    public string Version { get; }

    public string Reason { get; }
}
