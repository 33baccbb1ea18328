using System.Diagnostics.CodeAnalysis;

namespace Tether.Vulnerabilities.Versions.Language;

/// <summary>
/// RubyGems versions exactly as <c>Gem::Version</c> (<c>correct?</c> and <c>&lt;=&gt;</c>): the string must
/// match <c>[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?</c> between optional ASCII white
/// space (blank means <c>0</c>); every <c>-</c> reads as <c>.pre.</c>; segments are runs of digits
/// (numbers of any size) or of letters (case-sensitive, byte order); trailing zeros are dropped from
/// the release part and from the pre-release part separately; then segments compare pairwise with a
/// missing one as 0 and a letter segment below any number.
/// </summary>
public sealed class RubyGemsVersionScheme : IVersionScheme
{
    private const int StackTokens = 64;

    public string Name => "RubyGems";

    public string Reference => "RubyGems 3.3 Gem::Version (Debian bookworm ruby 3.1; the algorithm is unchanged in later 3.x)";

    public bool IsValid(string version, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(version);
        error = Validate(version);
        return error is null;
    }

    public int Compare(string a, string b)
    {
        Check(a);
        Check(b);
        var x = Trim(a);
        var y = Trim(b);
        Span<Token> xTokens = x.Length + 1 <= StackTokens ? stackalloc Token[StackTokens] : new Token[x.Length + 1];
        Span<Token> yTokens = y.Length + 1 <= StackTokens ? stackalloc Token[StackTokens] : new Token[y.Length + 1];
        var xCount = Canonical(x, xTokens);
        var yCount = Canonical(y, yTokens);
        var limit = Math.Max(xCount, yCount);
        for (var i = 0; i < limit; i++)
        {
            var order = CompareSegments(x, i < xCount ? xTokens[i] : Token.Zero, y, i < yCount ? yTokens[i] : Token.Zero);
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }

    private static int CompareSegments(ReadOnlySpan<char> x, Token l, ReadOnlySpan<char> y, Token r)
    {
        if (l.IsNumber != r.IsNumber)
        {
            // Gem::Version#<=>: String vs Numeric → -1, Numeric vs String → 1.
            return l.IsNumber ? 1 : -1;
        }

        return l.IsNumber
            ? DecimalText.Compare(l.Text(x), r.Text(y))
            : Math.Sign(l.Text(x).SequenceCompareTo(r.Text(y)));
    }

    // Tokenizes like `@version.gsub("-", ".pre.").scan(/[0-9]+|[a-z]+/i)` and applies canonical_segments:
    // trailing zeros dropped from the numeric prefix and from the rest, each on its own.
    private static int Canonical(ReadOnlySpan<char> text, Span<Token> tokens)
    {
        var count = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '-')
            {
                tokens[count++] = Token.Pre;
                i++;
            }
            else if (DecimalText.IsAsciiDigit(c))
            {
                var start = i;
                while (i < text.Length && DecimalText.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                tokens[count++] = new Token(start, i - start, IsNumber: true);
            }
            else if (DecimalText.IsAsciiLetter(c))
            {
                var start = i;
                while (i < text.Length && DecimalText.IsAsciiLetter(text[i]))
                {
                    i++;
                }

                tokens[count++] = new Token(start, i - start, IsNumber: false);
            }
            else
            {
                i++;
            }
        }

        var firstString = 0;
        while (firstString < count && tokens[firstString].IsNumber)
        {
            firstString++;
        }

        var numericEnd = firstString;
        while (numericEnd > 0 && IsZero(text, tokens[numericEnd - 1]))
        {
            numericEnd--;
        }

        var end = count;
        while (end > firstString && IsZero(text, tokens[end - 1]))
        {
            end--;
        }

        if (numericEnd != firstString)
        {
            tokens[firstString..end].CopyTo(tokens[numericEnd..]);
        }

        return numericEnd + (end - firstString);
    }

    private static bool IsZero(ReadOnlySpan<char> text, Token token) => token.IsNumber && DecimalText.IsZero(token.Text(text));

    private void Check(string version)
    {
        if (Validate(version) is { } error)
        {
            throw new VersionFormatException(version, Name, error);
        }
    }

    // Ruby's \s is ASCII white space only: space, \t, \n, \v, \f, \r.
    private static bool IsRubySpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    private static ReadOnlySpan<char> Trim(string version)
    {
        var text = version.AsSpan();
        var start = 0;
        while (start < text.Length && IsRubySpace(text[start]))
        {
            start++;
        }

        var end = text.Length;
        while (end > start && IsRubySpace(text[end - 1]))
        {
            end--;
        }

        // Gem::Version.new treats a blank string as "0".
        return start == end ? "0" : text[start..end];
    }

    // ANCHORED_VERSION_PATTERN = /\A\s*([0-9]+(?>\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)?\s*\z/
    private static string? Validate(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var text = Trim(version);
        var i = DecimalText.DigitRun(text, 0);
        if (i == 0)
        {
            return "must start with a digit (Gem::Version.correct?)";
        }

        while (i < text.Length && text[i] == '.')
        {
            var start = ++i;
            while (i < text.Length && DecimalText.IsAsciiLetterOrDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                return $"empty segment at offset {start} (Gem::Version.correct?)";
            }
        }

        if (i < text.Length && text[i] == '-')
        {
            do
            {
                var start = ++i;
                while (i < text.Length && (DecimalText.IsAsciiLetterOrDigit(text[i]) || text[i] == '-'))
                {
                    i++;
                }

                if (i == start)
                {
                    return $"empty pre-release segment at offset {start} (Gem::Version.correct?)";
                }
            }
            while (i < text.Length && text[i] == '.');
        }

        return i < text.Length ? $"unexpected '{text[i]}' at offset {i} (Gem::Version.correct?)" : null;
    }

    private readonly record struct Token(int Start, int Length, bool IsNumber)
    {
        public static readonly Token Zero = new(-1, 0, IsNumber: true);

        public static readonly Token Pre = new(-2, 3, IsNumber: false);

        public ReadOnlySpan<char> Text(ReadOnlySpan<char> source) => Start switch
        {
            -1 => "0",
            -2 => "pre",
            _ => source.Slice(Start, Length),
        };
    }
}
