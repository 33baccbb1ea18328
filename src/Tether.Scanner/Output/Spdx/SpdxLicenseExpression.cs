using System.Text;

namespace Tether.Scanner.Output.Spdx;

/// <summary>
/// Reads a declared license as an SPDX license expression (SPDX 2.3 Annex D): listed license ids (optionally
/// <c>+</c>), <c>LicenseRef-</c>/<c>DocumentRef-…:LicenseRef-</c> ids, <c>WITH</c> a listed exception, <c>AND</c>,
/// <c>OR</c> and parentheses. Ids are matched case-insensitively and written as listed. Anything else
/// (<c>GPLv2+</c>, <c>BSD-like</c>, free text) is not an expression: the writers then name it as text (CycloneDX
/// <c>license.name</c>) or as a <c>LicenseRef-</c> with the text kept (SPDX).
/// </summary>
internal static class SpdxLicenseExpression
{
    private const int MaxTokens = 256;

    /// <summary>The expression with canonical ids, or null when <paramref name="text"/> is not a valid expression.</summary>
    public static string? Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Tokenize(text);
        if (tokens is null || tokens.Count == 0)
        {
            return null;
        }

        var parser = new Parser(tokens);
        return parser.Expression() && parser.AtEnd ? parser.Output : null;
    }

    /// <summary>A single listed license id (no operator, no <c>+</c>), as listed; null otherwise.</summary>
    public static string? ListedId(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SpdxLicenseList.Licenses.TryGetValue(text.Trim(), out var id) ? id : null;
    }

    /// <summary>True for an idstring (letters, digits, <c>.</c> and <c>-</c>), what SPDX ids are made of.</summary>
    public static bool IsIdString(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-');

    private static List<string>? Tokenize(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (c is '(' or ')' || char.IsWhiteSpace(c))
            {
                Flush();
                if (!char.IsWhiteSpace(c))
                {
                    tokens.Add(c.ToString());
                }
            }
            else
            {
                current.Append(c);
            }

            if (tokens.Count > MaxTokens)
            {
                return null;
            }
        }

        Flush();
        return tokens;

        void Flush()
        {
            if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }
    }

    /// <summary>Recursive descent: <c>or := and (OR and)*</c>, <c>and := term (AND term)*</c>, <c>term := ( or ) | simple [WITH exception]</c>.</summary>
    private sealed class Parser(List<string> tokens)
    {
        private readonly StringBuilder _output = new();
        private int _at;
        private int _depth;

        public bool AtEnd => _at == tokens.Count;

        public string Output => _output.ToString();

        public bool Expression() => Sequence("OR", And);

        private bool And() => Sequence("AND", Term);

        private bool Sequence(string op, Func<bool> operand)
        {
            if (!operand())
            {
                return false;
            }

            while (Is(op))
            {
                _at++;
                _output.Append(' ').Append(op).Append(' ');
                if (!operand())
                {
                    return false;
                }
            }

            return true;
        }

        private bool Term()
        {
            if (_at >= tokens.Count)
            {
                return false;
            }

            if (tokens[_at] == "(")
            {
                // Nesting is bounded by the token count; the depth check keeps the recursion shallow on hostile input.
                if (++_depth > 32)
                {
                    return false;
                }

                _at++;
                _output.Append('(');
                if (!Expression() || _at >= tokens.Count || tokens[_at] != ")")
                {
                    return false;
                }

                _at++;
                _depth--;
                _output.Append(')');
                return true;
            }

            if (Simple(tokens[_at]) is not { } license)
            {
                return false;
            }

            _at++;
            _output.Append(license);
            if (Is("WITH"))
            {
                _at++;
                if (_at >= tokens.Count || !SpdxLicenseList.Exceptions.TryGetValue(tokens[_at], out var exception))
                {
                    return false;
                }

                _at++;
                _output.Append(" WITH ").Append(exception);
            }

            return true;
        }

        private bool Is(string op) => _at < tokens.Count && tokens[_at].Equals(op, StringComparison.OrdinalIgnoreCase);

        private static string? Simple(string token)
        {
            if (token is "AND" or "OR" or "WITH" or ")")
            {
                return null;
            }

            if (SpdxLicenseList.Licenses.TryGetValue(token, out var listed))
            {
                return listed;
            }

            if (token.EndsWith('+') && SpdxLicenseList.Licenses.TryGetValue(token[..^1], out var orLater))
            {
                return orLater + "+";
            }

            return IsLicenseRef(token) ? token : null;
        }

        private static bool IsLicenseRef(string token)
        {
            var colon = token.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                var document = token[..colon];
                if (!document.StartsWith("DocumentRef-", StringComparison.Ordinal) || !IsIdString(document["DocumentRef-".Length..]))
                {
                    return false;
                }

                token = token[(colon + 1)..];
            }

            return token.StartsWith("LicenseRef-", StringComparison.Ordinal) && IsIdString(token["LicenseRef-".Length..]);
        }
    }
}
