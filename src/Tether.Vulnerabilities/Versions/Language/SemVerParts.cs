namespace Tether.Vulnerabilities.Versions.Language;

/// <summary>
/// Where the parts of a parsed SemVer-style version lie in the original string, so that comparing
/// needs no allocation. Missing minor/patch (Go's <c>v1</c>, <c>v1.2</c> shorthands) have length 0 and
/// compare as <c>0</c>; pre-release is the text after <c>-</c> without it (length 0 for a release).
/// </summary>
internal readonly record struct SemVerParts(
    int MajorStart, int MajorLength,
    int MinorStart, int MinorLength,
    int PatchStart, int PatchLength,
    int PreStart, int PreLength)
{
    public ReadOnlySpan<char> Major(string text) => text.AsSpan(MajorStart, MajorLength);

    public ReadOnlySpan<char> Minor(string text) => text.AsSpan(MinorStart, MinorLength);

    public ReadOnlySpan<char> Patch(string text) => text.AsSpan(PatchStart, PatchLength);

    public ReadOnlySpan<char> Prerelease(string text) => text.AsSpan(PreStart, PreLength);

    /// <summary>Precedence of two parsed versions with arbitrary-size numbers: major, minor, patch, then pre-release.</summary>
    public static int ComparePrecedence(string a, in SemVerParts x, string b, in SemVerParts y)
    {
        var order = DecimalText.Compare(x.Major(a), y.Major(b));
        if (order == 0)
        {
            order = DecimalText.Compare(x.Minor(a), y.Minor(b));
        }

        if (order == 0)
        {
            order = DecimalText.Compare(x.Patch(a), y.Patch(b));
        }

        return order != 0 ? order : SemVerPrecedence.ComparePrerelease(x.Prerelease(a), y.Prerelease(b));
    }
}
