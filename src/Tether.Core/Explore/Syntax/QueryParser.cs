using System.Globalization;
using System.Text;

namespace Tether.Core.Explore.Syntax;

/// <summary>
/// Hand-written recursive-descent parser of the text form (grammar in docs/explorer.md):
/// <code>
/// query     := entity [ "where" or ]
/// or        := and { "or" and }
/// and       := unary { "and" unary }
/// unary     := "not" unary | "(" or ")" | predicate
/// predicate := name "(" [ inner ] ")" | name [ op value ]
/// inner     := entity [ "where" or ] | or
/// op        := "=" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=" | "~" | "!~"
/// value     := identifier | "string" | 'string' | number | true | false
/// </code>
/// Whether a name inside a relation is an entity or a condition is decided by the caller's entity list, so the parser
/// stays free of the schema. Bounded: input length and nesting depth are limited; errors carry line, column and caret.
/// </summary>
public sealed class QueryParser
{
    public const int DefaultMaxLength = 16_384;
    public const int DefaultMaxDepth = 32;

    private readonly string _text;
    private readonly Func<string, bool> _isEntity;
    private readonly int _maxDepth;
    private readonly List<Token> _tokens;
    private int _index;
    private int _depth;

    private QueryParser(string text, Func<string, bool> isEntity, int maxDepth)
    {
        _text = text;
        _isEntity = isEntity;
        _maxDepth = maxDepth;
        _tokens = Tokenize(text);
    }

    /// <summary>Parses <paramref name="text"/>; <paramref name="isEntity"/> says which names are entity types.</summary>
    public static QuerySyntax Parse(string text, Func<string, bool> isEntity, int maxLength = DefaultMaxLength, int maxDepth = DefaultMaxDepth)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(isEntity);
        if (text.Length > maxLength)
        {
            throw QueryException.At(text[..Math.Min(text.Length, maxLength + 1)], maxLength, $"query is longer than {maxLength} characters");
        }

        var parser = new QueryParser(text, isEntity, maxDepth);
        var query = parser.ParseQuery(requireEntity: true);
        var end = parser.Peek();
        if (end.Kind != TokenKind.End)
        {
            throw parser.Error(end, $"unexpected {Describe(end)} after the end of the query");
        }

        return query;
    }

    private QuerySyntax ParseQuery(bool requireEntity)
    {
        var first = Peek();
        if (first.Kind != TokenKind.Identifier || IsKeyword(first))
        {
            throw Error(first, requireEntity ? $"expected an entity type (images, pods, …), found {Describe(first)}" : $"expected a condition, found {Describe(first)}");
        }

        Next();
        ConditionSyntax? where = null;
        if (IsWord(Peek(), "where"))
        {
            Next();
            where = ParseOr();
        }
        else if (Peek().Kind is not (TokenKind.End or TokenKind.Close))
        {
            throw Error(Peek(), $"expected 'where' or the end of the query, found {Describe(Peek())}");
        }

        return new QuerySyntax(first.Text, where, first.Offset);
    }

    private ConditionSyntax ParseOr()
    {
        Enter(Peek());
        var start = Peek();
        var operands = new List<ConditionSyntax> { ParseAnd() };
        while (IsWord(Peek(), "or"))
        {
            Next();
            operands.Add(ParseAnd());
        }

        _depth--;
        return operands.Count == 1 ? operands[0] : new OrSyntax(operands, start.Offset);
    }

    private ConditionSyntax ParseAnd()
    {
        var start = Peek();
        var operands = new List<ConditionSyntax> { ParseUnary() };
        while (IsWord(Peek(), "and"))
        {
            Next();
            operands.Add(ParseUnary());
        }

        return operands.Count == 1 ? operands[0] : new AndSyntax(operands, start.Offset);
    }

    private ConditionSyntax ParseUnary()
    {
        var token = Peek();
        if (IsWord(token, "not"))
        {
            Next();
            Enter(token);
            var operand = ParseUnary();
            _depth--;
            return new NotSyntax(operand, token.Offset);
        }

        if (token.Kind == TokenKind.Open)
        {
            Next();
            var inner = ParseOr();
            Expect(TokenKind.Close, "')'");
            return inner;
        }

        return ParsePredicate();
    }

    private ConditionSyntax ParsePredicate()
    {
        var name = Peek();
        if (name.Kind != TokenKind.Identifier || IsKeyword(name))
        {
            throw Error(name, $"expected a property or relation name, found {Describe(name)}");
        }

        Next();
        if (Peek().Kind == TokenKind.Open)
        {
            Next();
            Enter(name);
            QuerySyntax? inner = null;
            var first = Peek();
            if (first.Kind != TokenKind.Close)
            {
                var entityFirst = first.Kind == TokenKind.Identifier && !IsKeyword(first) && _isEntity(first.Text)
                    && (Lookahead(1).Kind == TokenKind.Close || IsWord(Lookahead(1), "where"));
                inner = entityFirst ? ParseQuery(requireEntity: true) : new QuerySyntax("", ParseOr(), first.Offset);
            }

            _depth--;
            Expect(TokenKind.Close, "')'");
            return new RelationSyntax(name.Text, inner, name.Offset);
        }

        if (Peek().Kind != TokenKind.Operator)
        {
            return new CompareSyntax(name.Text, null, null, name.Offset);
        }

        var op = Next();
        var value = Peek();
        QueryValue literal = value.Kind switch
        {
            TokenKind.Identifier when IsWord(value, "true") || IsWord(value, "false") => new QueryValue(QueryValueKind.Boolean, value.Text.ToLowerInvariant()),
            TokenKind.Identifier when !IsKeyword(value) => new QueryValue(QueryValueKind.Identifier, value.Text),
            TokenKind.String => new QueryValue(QueryValueKind.String, value.Text),
            TokenKind.Number => new QueryValue(QueryValueKind.Number, value.Text),
            _ => throw Error(value, $"expected a value after '{op.Text}', found {Describe(value)}"),
        };
        Next();
        return new CompareSyntax(name.Text, op.Text, literal, name.Offset, ValuePosition: value.Offset);
    }

    private void Enter(Token at)
    {
        if (++_depth > _maxDepth)
        {
            throw Error(at, $"conditions are nested deeper than {_maxDepth} levels");
        }
    }

    private Token Expect(TokenKind kind, string what)
    {
        var token = Peek();
        if (token.Kind != kind)
        {
            throw Error(token, $"expected {what}, found {Describe(token)}");
        }

        return Next();
    }

    private Token Peek() => _tokens[_index];

    private Token Lookahead(int n) => _tokens[Math.Min(_index + n, _tokens.Count - 1)];

    private Token Next() => _tokens[_index < _tokens.Count - 1 ? _index++ : _index];

    private QueryException Error(Token at, string detail) => QueryException.At(_text, at.Offset, detail);

    private static bool IsWord(Token token, string word) =>
        token.Kind == TokenKind.Identifier && string.Equals(token.Text, word, StringComparison.OrdinalIgnoreCase);

    private static bool IsKeyword(Token token) =>
        token.Kind == TokenKind.Identifier && Keywords.Contains(token.Text);

    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase) { "where", "and", "or", "not" };

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.End => "the end of the query",
        TokenKind.String => $"string \"{Shorten(token.Text)}\"",
        _ => $"'{Shorten(token.Text)}'",
    };

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private enum TokenKind
    {
        Identifier,
        String,
        Number,
        Operator,
        Open,
        Close,
        End,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Offset);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", text.Length));
                return tokens;
            }

            var start = i;
            var c = text[i];
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '-'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, text[start..i], start));
            }
            else if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                i++;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }

                var number = text[start..i];
                if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    throw QueryException.At(text, start, $"'{Shorten(number)}' is not a number");
                }

                tokens.Add(new Token(TokenKind.Number, number, start));
            }
            else if (c is '"' or '\'')
            {
                tokens.Add(new Token(TokenKind.String, ReadString(text, ref i), start));
            }
            else if (c == '(')
            {
                tokens.Add(new Token(TokenKind.Open, "(", i++));
            }
            else if (c == ')')
            {
                tokens.Add(new Token(TokenKind.Close, ")", i++));
            }
            else if (c is '=' or '!' or '<' or '>' or '~')
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
                var op = two is "<=" or ">=" or "!=" or "!~" or "==" ? two : c.ToString();
                if (op == "!")
                {
                    throw QueryException.At(text, i, "expected '!=' or '!~'");
                }

                i += op.Length;
                tokens.Add(new Token(TokenKind.Operator, op == "==" ? "=" : op, start));
            }
            else
            {
                throw QueryException.At(text, i, $"unexpected character '{c}'");
            }
        }
    }

    private static string ReadString(string text, ref int i)
    {
        var quote = text[i];
        var start = i++;
        var value = new StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
            }
            else if (text[i] == '\n')
            {
                break;
            }

            value.Append(text[i++]);
        }

        if (i >= text.Length || text[i] != quote)
        {
            throw QueryException.At(text, start, "unterminated string");
        }

        i++;
        return value.ToString();
    }
}
