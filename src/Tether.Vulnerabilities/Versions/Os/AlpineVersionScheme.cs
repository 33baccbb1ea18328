using System.Diagnostics.CodeAnalysis;

namespace Tether.Vulnerabilities.Versions.Os;

/// <summary>
/// Alpine package versions (also Wolfi and Chainguard, through the family table) as apk-tools 2.14 validates and
/// orders them (<c>apk_version_validate</c>, <c>apk_version_compare</c>), plus the <c>~hash</c> commit token that
/// apk-tools 3 added. Versions apk would reject are invalid here rather than ordered: <c>apk version -t</c> still
/// prints an answer for them, but it is an artefact of where the tokenizer gave up (see docs/versions.md).
/// </summary>
public sealed class AlpineVersionScheme : IVersionScheme
{
    public string Name => "Alpine";

    public string Reference =>
        "apk-tools 2.14 src/version.c (apk_version_validate, apk_version_compare), with apk-tools 3's ~hash commit token";

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

        return CompareValid(a, b);
    }

    private static string? Validate(ReadOnlySpan<char> version)
    {
        if (VersionText.CheckEncodable(version) is { } encoding)
        {
            return encoding;
        }

        var tokens = new AlpineTokenizer(version);
        while (tokens.Token < AlpineToken.End)
        {
            tokens.Next();
        }

        return tokens.Token == AlpineToken.End ? null : tokens.Describe();
    }

    /// <summary>apk's comparison loop, for two versions known to be valid.</summary>
    private static int CompareValid(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var ta = new AlpineTokenizer(a);
        var tb = new AlpineTokenizer(b);
        while (ta.Token == tb.Token && ta.Token < AlpineToken.End)
        {
            var order = CompareToken(ta, tb);
            if (order != 0)
            {
                return order;
            }

            ta.Next();
            tb.Next();
        }

        if (ta.Token == tb.Token)
        {
            return 0;
        }

        // Equal so far and one goes on: the longer one is newer, unless what follows is a pre-release suffix;
        // otherwise the kind of the next token decides (a revision after equal versions is newer than the end, …).
        if (ta.Token == AlpineToken.Suffix && ta.Suffix < AlpineSuffix.None)
        {
            return -1;
        }

        if (tb.Token == AlpineToken.Suffix && tb.Suffix < AlpineSuffix.None)
        {
            return 1;
        }

        return ta.Token > tb.Token ? -1 : 1;
    }

    private static int CompareToken(in AlpineTokenizer ta, in AlpineTokenizer tb)
    {
        switch (ta.Token)
        {
            case AlpineToken.Digit when StartsWithZero(ta.Value) || StartsWithZero(tb.Value):
                // A component with a leading zero compares as text (Gentoo's rule): 1.05 < 1.1, 1.0 < 1.00.
                return Math.Sign(ta.Value.SequenceCompareTo(tb.Value));
            case AlpineToken.InitialDigit or AlpineToken.Digit or AlpineToken.SuffixNumber or AlpineToken.Revision:
                return Number(ta.Value).CompareTo(Number(tb.Value));
            case AlpineToken.Letter:
                return ta.Value[0].CompareTo(tb.Value[0]);
            case AlpineToken.Suffix:
                return ((int)ta.Suffix).CompareTo((int)tb.Suffix);
            default:
                return Math.Sign(ta.Value.SequenceCompareTo(tb.Value));
        }
    }

    private static bool StartsWithZero(ReadOnlySpan<char> digits) => !digits.IsEmpty && digits[0] == '0';

    /// <summary>apk reads a digit run into an unsigned 64-bit integer without an overflow check; so does Tether, to order exactly as apk does.</summary>
    private static ulong Number(ReadOnlySpan<char> digits)
    {
        ulong value = 0;
        foreach (var c in digits)
        {
            value = unchecked((value * 10) + (ulong)(c - '0'));
        }

        return value;
    }
}
