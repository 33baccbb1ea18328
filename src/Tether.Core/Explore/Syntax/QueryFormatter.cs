using System.Text;
using System.Text.RegularExpressions;

namespace Tether.Core.Explore.Syntax;

/// <summary>Writes a query in the text form, canonically (lower-case keywords, minimal parentheses): parse ∘ format is stable.</summary>
public static partial class QueryFormatter
{
    public static string Format(QuerySyntax query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = new StringBuilder();
        WriteQuery(text, query);
        return text.ToString();
    }

    private static void WriteQuery(StringBuilder text, QuerySyntax query)
    {
        text.Append(query.Entity);
        if (query.Where is not null)
        {
            text.Append(query.Entity.Length > 0 ? " where " : "");
            Write(text, query.Where, 0);
        }
    }

    // Precedence: 0 = or, 1 = and, 2 = not/atom. An operand of lower precedence than its context gets parentheses.
    private static void Write(StringBuilder text, ConditionSyntax condition, int context)
    {
        switch (condition)
        {
            case OrSyntax or:
                Group(text, context > 0, () => Join(text, or.Operands, " or ", 0));
                break;
            case AndSyntax and:
                Group(text, context > 1, () => Join(text, and.Operands, " and ", 1));
                break;
            case NotSyntax not:
                text.Append("not ");
                Write(text, not.Operand, 2);
                break;
            case RelationSyntax relation:
                text.Append(relation.Relation).Append('(');
                if (relation.Inner is not null)
                {
                    WriteQuery(text, relation.Inner);
                }

                text.Append(')');
                break;
            case CompareSyntax compare:
                text.Append(compare.Property);
                if (compare.Operator is not null && compare.Value is not null)
                {
                    text.Append(' ').Append(compare.Operator).Append(' ').Append(Literal(compare.Value));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(condition), condition.GetType().Name, "unknown condition");
        }
    }

    private static void Join(StringBuilder text, IReadOnlyList<ConditionSyntax> operands, string separator, int precedence)
    {
        for (var i = 0; i < operands.Count; i++)
        {
            if (i > 0)
            {
                text.Append(separator);
            }

            // A nested operand of the same operator keeps its parentheses so the tree's shape survives a round trip.
            Write(text, operands[i], precedence + 1);
        }
    }

    private static void Group(StringBuilder text, bool parenthesize, Action write)
    {
        if (parenthesize)
        {
            text.Append('(');
        }

        write();
        if (parenthesize)
        {
            text.Append(')');
        }
    }

    /// <summary>A literal as the parser reads it back: bare when it is a plain word or number, quoted otherwise.</summary>
    public static string Literal(QueryValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Kind switch
        {
            QueryValueKind.Number or QueryValueKind.Boolean => value.Text,
            _ when IsWord(value.Text) => value.Text,
            _ => "\"" + value.Text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        };
    }

    /// <summary>True for text the parser reads as one identifier that is not a keyword or boolean.</summary>
    public static bool IsWord(string text) =>
        WordPattern().IsMatch(text) && text.ToLowerInvariant() is not ("where" or "and" or "or" or "not" or "true" or "false");

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex WordPattern();
}
