using System.Diagnostics.CodeAnalysis;

namespace Tether.Vulnerabilities.Versions.Language;

/// <summary>
/// PyPI versions as pypa/packaging 21.3 <c>packaging.version.parse</c> orders them (the copy pip vendors
/// as <c>pip._vendor.packaging</c>): a PEP 440 version (<see cref="Pep440Version"/>) compares by epoch,
/// release without trailing zeros, pre (with <c>1.0.dev0 &lt; 1.0a0</c>), post, dev and local segments;
/// any other string is a <see cref="LegacyPypiVersion"/> that sorts before all PEP 440 versions. OSV's
/// PyPI data and the OSV test vectors contain such legacy versions, so they compare rather than fail;
/// only the empty string is rejected. (packaging ≥ 22 would raise InvalidVersion for them.)
/// </summary>
public sealed class PypiVersionScheme : IVersionScheme
{
    public string Name => "PyPI";

    public string Reference => "pypa/packaging 21.3 version.parse (PEP 440 Version, LegacyVersion fallback)";

    public bool IsValid(string version, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(version);
        error = version.Length == 0 ? "empty version" : null;
        return error is null;
    }

    public int Compare(string a, string b)
    {
        var aValid = Pep440Version.TryParse(Checked(a), out var x);
        var bValid = Pep440Version.TryParse(Checked(b), out var y);
        if (aValid && bValid)
        {
            return ComparePep440(a, x, b, y);
        }

        if (aValid != bValid)
        {
            return aValid ? 1 : -1;
        }

        return LegacyPypiVersion.Compare(LegacyPypiVersion.Key(a), LegacyPypiVersion.Key(b));
    }

    /// <summary>Whether packaging reads <paramref name="version"/> as PEP 440 (not legacy).</summary>
    public static bool IsPep440(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return Pep440Version.TryParse(version, out _);
    }

    private string Checked(string version) =>
        IsValid(version, out var error) ? version : throw new VersionFormatException(version, Name, error);

    // packaging's _cmpkey, compared field by field.
    private static int ComparePep440(string a, in Pep440Version x, string b, in Pep440Version y)
    {
        var order = DecimalText.Compare(a.AsSpan(x.EpochStart, x.EpochLength), b.AsSpan(y.EpochStart, y.EpochLength));
        if (order == 0)
        {
            order = CompareRelease(a.AsSpan(x.ReleaseStart, x.ReleaseEnd - x.ReleaseStart), b.AsSpan(y.ReleaseStart, y.ReleaseEnd - y.ReleaseStart));
        }

        if (order == 0)
        {
            order = CompareSegment(a, PreKey(x), x.Pre, b, PreKey(y), y.Pre);
        }

        if (order == 0)
        {
            order = CompareSegment(a, x.Post.Present ? Bound.Value : Bound.Below, x.Post, b, y.Post.Present ? Bound.Value : Bound.Below, y.Post);
        }

        if (order == 0)
        {
            order = CompareSegment(a, x.Dev.Present ? Bound.Value : Bound.Above, x.Dev, b, y.Dev.Present ? Bound.Value : Bound.Above, y.Dev);
        }

        return order != 0 ? order : CompareLocal(a, x, b, y);
    }

    private enum Bound
    {
        Below,
        Value,
        Above,
    }

    // A dev release without pre or post sorts before the pre-releases (1.0.dev0 < 1.0a0); no pre sorts after them.
    private static Bound PreKey(in Pep440Version v) =>
        v.Pre.Present ? Bound.Value : !v.Post.Present && v.Dev.Present ? Bound.Below : Bound.Above;

    private static int CompareSegment(string a, Bound xBound, in Pep440Version.Segment x, string b, Bound yBound, in Pep440Version.Segment y)
    {
        if (xBound != yBound)
        {
            return xBound < yBound ? -1 : 1;
        }

        if (xBound != Bound.Value)
        {
            return 0;
        }

        var order = DecimalText.CompareCodePoints(x.Label, y.Label);
        return order != 0 ? order : DecimalText.Compare(a.AsSpan(x.NumberStart, x.NumberLength), b.AsSpan(y.NumberStart, y.NumberLength));
    }

    // Release tuples compare with their trailing zeros removed: 1.0 == 1, 1 < 1.0.1.
    private static int CompareRelease(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = TrimTrailingZeros(a);
        b = TrimTrailingZeros(b);
        while (!a.IsEmpty && !b.IsEmpty)
        {
            var order = DecimalText.Compare(SemVerPrecedence.NextIdentifier(ref a, out _), SemVerPrecedence.NextIdentifier(ref b, out _));
            if (order != 0)
            {
                return order;
            }
        }

        return a.IsEmpty == b.IsEmpty ? 0 : a.IsEmpty ? -1 : 1;
    }

    private static ReadOnlySpan<char> TrimTrailingZeros(ReadOnlySpan<char> release)
    {
        while (true)
        {
            var dot = release.LastIndexOf('.');
            if (dot < 0 || !DecimalText.IsZero(release[(dot + 1)..]))
            {
                return release;
            }

            release = release[..dot];
        }
    }

    // No local sorts first; else segments split on [-_.]: numbers above words, numbers numerically, words
    // lower-cased as strings, a shorter prefix first.
    private static int CompareLocal(string a, in Pep440Version x, string b, in Pep440Version y)
    {
        if (!x.HasLocal || !y.HasLocal)
        {
            return x.HasLocal == y.HasLocal ? 0 : x.HasLocal ? 1 : -1;
        }

        var left = a.AsSpan(x.LocalStart, x.LocalEnd - x.LocalStart);
        var right = b.AsSpan(y.LocalStart, y.LocalEnd - y.LocalStart);
        while (true)
        {
            var l = NextLocal(ref left, out var leftMore);
            var r = NextLocal(ref right, out var rightMore);
            var lNumeric = DecimalText.IsAsciiDigits(l);
            var rNumeric = DecimalText.IsAsciiDigits(r);
            var order = lNumeric != rNumeric ? (lNumeric ? 1 : -1)
                : lNumeric ? DecimalText.Compare(l, r)
                : CompareLowered(l, r);
            if (order != 0)
            {
                return order;
            }

            if (!leftMore || !rightMore)
            {
                return leftMore == rightMore ? 0 : leftMore ? 1 : -1;
            }
        }
    }

    private static ReadOnlySpan<char> NextLocal(ref ReadOnlySpan<char> rest, out bool more)
    {
        var separator = rest.IndexOfAny('-', '_', '.');
        more = separator >= 0;
        var segment = more ? rest[..separator] : rest;
        rest = more ? rest[(separator + 1)..] : [];
        return segment;
    }

    private static int CompareLowered(ReadOnlySpan<char> l, ReadOnlySpan<char> r)
    {
        if (!System.Text.Ascii.IsValid(l) || !System.Text.Ascii.IsValid(r))
        {
            return DecimalText.CompareCodePoints(PythonText.Lower(l), PythonText.Lower(r));
        }

        var n = Math.Min(l.Length, r.Length);
        for (var i = 0; i < n; i++)
        {
            var lc = (char)(l[i] | (DecimalText.IsAsciiLetter(l[i]) ? 0x20 : 0));
            var rc = (char)(r[i] | (DecimalText.IsAsciiLetter(r[i]) ? 0x20 : 0));
            if (lc != rc)
            {
                return lc < rc ? -1 : 1;
            }
        }

        return l.Length.CompareTo(r.Length);
    }
}
