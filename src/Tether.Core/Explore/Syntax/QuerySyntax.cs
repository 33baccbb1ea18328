namespace Tether.Core.Explore.Syntax;

/// <summary>
/// A query as written (text or JSON), before names are checked against the schema. <see cref="Position"/> is the
/// offset in the text (or -1 for JSON) and <see cref="Path"/> the JSON path, so errors can point at either.
/// </summary>
public sealed record QuerySyntax(string Entity, ConditionSyntax? Where, int Position = -1, string Path = "$");

/// <summary>One condition of a query: a comparison, a relation to other entities, or AND/OR/NOT of conditions.</summary>
public abstract record ConditionSyntax(int Position, string Path);

public sealed record AndSyntax(IReadOnlyList<ConditionSyntax> Operands, int Position = -1, string Path = "$") : ConditionSyntax(Position, Path);

public sealed record OrSyntax(IReadOnlyList<ConditionSyntax> Operands, int Position = -1, string Path = "$") : ConditionSyntax(Position, Path);

public sealed record NotSyntax(ConditionSyntax Operand, int Position = -1, string Path = "$") : ConditionSyntax(Position, Path);

/// <summary><c>property op value</c>, or a bare boolean property (<see cref="Operator"/> and <see cref="Value"/> null).</summary>
public sealed record CompareSyntax(string Property, string? Operator, QueryValue? Value, int Position = -1, string Path = "$", int ValuePosition = -1) : ConditionSyntax(Position, Path);

/// <summary><c>relation(inner)</c>: some related entity reached through the relation satisfies the inner query (any, when null).</summary>
public sealed record RelationSyntax(string Relation, QuerySyntax? Inner, int Position = -1, string Path = "$") : ConditionSyntax(Position, Path);

public enum QueryValueKind
{
    Identifier,
    String,
    Number,
    Boolean,
}

/// <summary>A literal as written: <c>high</c>, <c>"api-*"</c>, <c>9.8</c>, <c>true</c>.</summary>
public sealed record QueryValue(QueryValueKind Kind, string Text)
{
    public double? AsNumber() =>
        double.TryParse(Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    public bool? AsBoolean() => Text.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => null,
    };
}

/// <summary>The comparison operators of the grammar.</summary>
public static class QueryOperators
{
    public const string Equal = "=";
    public const string NotEqual = "!=";
    public const string Less = "<";
    public const string LessOrEqual = "<=";
    public const string Greater = ">";
    public const string GreaterOrEqual = ">=";
    public const string Glob = "~";
    public const string NotGlob = "!~";

    public static readonly IReadOnlyList<string> All = [Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual, Glob, NotGlob];
}
