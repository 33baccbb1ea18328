namespace Tether.Vulnerabilities.Versions.Os;

/// <summary>apk's token kinds. Their order is the ordering rule: when two versions agree up to a point, the one whose next token kind is smaller is the greater version (except pre-release suffixes).</summary>
internal enum AlpineToken
{
    InitialDigit,
    Digit,
    Letter,
    Suffix,
    SuffixNumber,
    CommitHash,
    Revision,
    End,
    Invalid,
}

/// <summary>apk's suffixes in their order; <see cref="None"/> is the pivot (suffixes before it are pre-releases).</summary>
internal enum AlpineSuffix
{
    Invalid,
    Alpha,
    Beta,
    Pre,
    Rc,
    None,
    Cvs,
    Svn,
    Git,
    Hg,
    P,
}

/// <summary>
/// Walks an apk version token by token, as apk-tools' <c>token_first</c>/<c>token_next</c> do:
/// <c>digits{.digits}[letter]{_suffix[digits]}[~hash][-r[digits]]</c>. Each token's value is a view into the text.
/// When the text leaves the grammar the token becomes <see cref="AlpineToken.Invalid"/> and <see cref="Describe"/>
/// says why.
/// </summary>
internal ref struct AlpineTokenizer
{
    private readonly ReadOnlySpan<char> text;
    private int position;
    private int valueStart;
    private int valueLength;
    private int invalidAt;
    private AlpineToken invalidAfter;
    private Failure failure;

    public AlpineTokenizer(ReadOnlySpan<char> text)
    {
        this.text = text;
        ReadDigits();
        Token = AlpineToken.InitialDigit;
        if (valueLength == 0)
        {
            Fail(0, AlpineToken.InitialDigit, Failure.NoLeadingDigit);
        }
    }

    private enum Failure
    {
        None,
        NoLeadingDigit,
        Misplaced,
        UnknownSuffix,
        EmptyHash,
        NotRevision,
    }

    public AlpineToken Token { get; private set; }

    public AlpineSuffix Suffix { get; private set; }

    public readonly ReadOnlySpan<char> Value => text.Slice(valueStart, valueLength);

    public void Next()
    {
        if (position == text.Length)
        {
            Token = AlpineToken.End;
            return;
        }

        var previous = Token;
        var at = position;
        var c = text[position];
        switch (c)
        {
            case >= 'a' and <= 'z':
                if (previous > AlpineToken.Digit)
                {
                    Fail(at, previous);
                    return;
                }

                valueStart = position++;
                valueLength = 1;
                Token = AlpineToken.Letter;
                return;

            case '.' or (>= '0' and <= '9'):
                if (c == '.')
                {
                    if (previous > AlpineToken.Digit)
                    {
                        Fail(at, previous);
                        return;
                    }

                    position++;
                }

                Token = previous switch
                {
                    AlpineToken.InitialDigit or AlpineToken.Digit => AlpineToken.Digit,
                    AlpineToken.Suffix => AlpineToken.SuffixNumber,
                    _ => AlpineToken.Invalid,
                };
                if (Token == AlpineToken.Invalid)
                {
                    Fail(at, previous);
                    return;
                }

                ReadDigits();
                return;

            case '_':
                if (previous > AlpineToken.SuffixNumber)
                {
                    Fail(at, previous);
                    return;
                }

                position++;
                valueStart = position;
                while (position < text.Length && VersionText.IsAsciiLower(text[position]))
                {
                    position++;
                }

                valueLength = position - valueStart;
                Suffix = SuffixOf(Value);
                Token = AlpineToken.Suffix;
                if (Suffix == AlpineSuffix.Invalid)
                {
                    Fail(at, previous, Failure.UnknownSuffix);
                }

                return;

            case '~':
                // The commit hash token of apk-tools 3 (`1.2~a3f91c`): lowercase hex, at most once, before the revision.
                if (previous >= AlpineToken.CommitHash)
                {
                    Fail(at, previous);
                    return;
                }

                position++;
                valueStart = position;
                while (position < text.Length && (VersionText.IsAsciiDigit(text[position]) || text[position] is >= 'a' and <= 'f'))
                {
                    position++;
                }

                valueLength = position - valueStart;
                Token = AlpineToken.CommitHash;
                if (valueLength == 0)
                {
                    Fail(at, previous, Failure.EmptyHash);
                }

                return;

            case '-':
                if (previous >= AlpineToken.Revision)
                {
                    Fail(at, previous);
                    return;
                }

                if (position + 1 >= text.Length || text[position + 1] != 'r')
                {
                    Fail(at, previous, Failure.NotRevision);
                    return;
                }

                // apk-tools 2.x accepts an empty revision number (`1-r` equals `1-r0`).
                position += 2;
                ReadDigits();
                Token = AlpineToken.Revision;
                return;

            default:
                Fail(at, previous);
                return;
        }
    }

    /// <summary>Why the text is not an apk version (call when <see cref="Token"/> is <see cref="AlpineToken.Invalid"/>).</summary>
    public readonly string Describe()
    {
        if (failure == Failure.NoLeadingDigit)
        {
            return text.IsEmpty ? "version string is empty" : "does not start with a digit";
        }

        var c = text[invalidAt];
        var after = invalidAfter switch
        {
            AlpineToken.InitialDigit or AlpineToken.Digit => "a number",
            AlpineToken.Letter => $"the letter '{Value[0]}'",
            AlpineToken.Suffix => "a suffix",
            AlpineToken.SuffixNumber => "a suffix number",
            AlpineToken.CommitHash => "the commit hash",
            _ => "the revision",
        };
        return failure switch
        {
            Failure.UnknownSuffix => $"unknown suffix '_{Value}' at offset {invalidAt} (apk knows alpha, beta, pre, rc, cvs, svn, git, hg, p)",
            Failure.EmptyHash => $"'~' at offset {invalidAt} is not followed by a lowercase hex commit hash",
            Failure.NotRevision => $"'-' at offset {invalidAt} does not start a revision '-rN'",
            _ when c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '~' or '-' =>
                $"'{c}' at offset {invalidAt} cannot follow {after}",
            _ => $"character '{c}' at offset {invalidAt} is not allowed (apk versions are digits{{.digits}}[letter]{{_suffix[N]}}[~hash][-rN])",
        };
    }

    private void ReadDigits()
    {
        valueStart = position;
        while (position < text.Length && VersionText.IsAsciiDigit(text[position]))
        {
            position++;
        }

        valueLength = position - valueStart;
    }

    private void Fail(int at, AlpineToken after, Failure why = Failure.Misplaced)
    {
        Token = AlpineToken.Invalid;
        invalidAt = at;
        invalidAfter = after;
        failure = why;
    }

    private static AlpineSuffix SuffixOf(ReadOnlySpan<char> name) => name switch
    {
        "" => AlpineSuffix.None, // apk-tools 2.x reads a bare '_' as "no suffix"
        "alpha" => AlpineSuffix.Alpha,
        "beta" => AlpineSuffix.Beta,
        "pre" => AlpineSuffix.Pre,
        "rc" => AlpineSuffix.Rc,
        "cvs" => AlpineSuffix.Cvs,
        "svn" => AlpineSuffix.Svn,
        "git" => AlpineSuffix.Git,
        "hg" => AlpineSuffix.Hg,
        "p" => AlpineSuffix.P,
        _ => AlpineSuffix.Invalid,
    };
}
