using System.Diagnostics.CodeAnalysis;

namespace Tether.Vulnerabilities.Versions.Language;

/// <summary>
/// Maven versions exactly as maven-artifact 3.8.7 <c>ComparableVersion</c> orders them (see
/// <see cref="MavenComparableVersion"/>): the release Debian ships, which the differential test runs,
/// and the 3.8 line whose 3.8.6 generated OSV's Maven vectors. Maven 3.9 changed the parser (combination
/// items such as <c>rc1</c>, <c>X-1</c> read as <c>X1</c>, different trimming), which docs/versions.md
/// describes. Maven accepts any string as a version; Tether rejects only the empty string and strings
/// over 256 characters — the bound Maven 4 introduced, because each <c>-</c> nests a list and comparison
/// recurses once per level.
/// </summary>
public sealed class MavenVersionScheme : IVersionScheme
{
    public const int MaxLength = 256;

    public string Name => "Maven";

    public string Reference => "maven-artifact 3.8.7 ComparableVersion (Debian bookworm; OSV vectors come from 3.8.6)";

    public bool IsValid(string version, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(version);
        error = version.Length == 0 ? "empty version"
            : version.Length > MaxLength ? $"longer than {MaxLength} characters"
            : null;
        return error is null;
    }

    public int Compare(string a, string b) => MavenComparableVersion.Parse(Checked(a)).CompareTo(MavenComparableVersion.Parse(Checked(b)));

    private string Checked(string version) =>
        IsValid(version, out var error) ? version : throw new VersionFormatException(version, Name, error);
}
