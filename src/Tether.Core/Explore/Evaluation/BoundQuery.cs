using Tether.Core.Explore.Schema;
using Tether.Core.Explore.Syntax;

namespace Tether.Core.Explore.Evaluation;

/// <summary>A query with every name resolved against the schema and every literal converted to its property's type.</summary>
internal sealed record BoundQuery(EntityType Entity, BoundCondition? Where);

internal abstract record BoundCondition;

internal sealed record BoundAnd(IReadOnlyList<BoundCondition> Operands) : BoundCondition;

internal sealed record BoundOr(IReadOnlyList<BoundCondition> Operands) : BoundCondition;

internal sealed record BoundNot(BoundCondition Operand) : BoundCondition;

/// <summary>A property compared with a value (<see cref="Operator"/> "=" and value true for a bare boolean).</summary>
internal sealed record BoundCompare(PropertyDefinition Property, string Operator, object Value) : BoundCondition;

/// <summary>Some entity related through <see cref="Relation"/> satisfies <see cref="Inner"/>.</summary>
internal sealed record BoundRelation(RelationDefinition Relation, BoundQuery Inner) : BoundCondition
{
    /// <summary>Related entities found to satisfy the inner query, kept to explain each row (evidence).</summary>
    public HashSet<long> Matched { get; } = [];
}

/// <summary>Resolves names, checks operators and converts literals; errors point at the text position or JSON path.</summary>
internal sealed class QueryBinder(string? text, int maxDepth)
{
    public BoundQuery Bind(QuerySyntax query) => BindQuery(query, null, 0);

    private BoundQuery BindQuery(QuerySyntax query, EntityType? implied, int depth)
    {
        EntityType entity;
        if (query.Entity.Length == 0)
        {
            entity = implied ?? throw Error(query.Position, query.Path, "missing entity type");
        }
        else
        {
            entity = EntityTypes.Find(query.Entity)
                ?? throw Error(query.Position, query.Path, $"unknown entity type '{query.Entity}' (expected one of {string.Join(", ", EntityTypes.All.Select(e => e.Name))})");
            if (implied is not null && entity.Kind != implied.Kind)
            {
                throw Error(query.Position, query.Path, $"this relation leads to {implied.Name}, not {entity.Name}");
            }
        }

        return new BoundQuery(entity, query.Where is null ? null : BindCondition(query.Where, entity, depth + 1));
    }

    private BoundCondition BindCondition(ConditionSyntax condition, EntityType entity, int depth)
    {
        if (depth > maxDepth)
        {
            throw Error(condition.Position, condition.Path, $"conditions are nested deeper than {maxDepth} levels");
        }

        return condition switch
        {
            AndSyntax and => new BoundAnd([.. and.Operands.Select(o => BindCondition(o, entity, depth + 1))]),
            OrSyntax or => new BoundOr([.. or.Operands.Select(o => BindCondition(o, entity, depth + 1))]),
            NotSyntax not => new BoundNot(BindCondition(not.Operand, entity, depth + 1)),
            RelationSyntax relation => BindRelation(relation, entity, depth),
            CompareSyntax compare => BindCompare(compare, entity, depth),
            _ => throw Error(condition.Position, condition.Path, "unknown condition"),
        };
    }

    private BoundRelation BindRelation(RelationSyntax relation, EntityType entity, int depth)
    {
        var definition = Relations.Find(entity.Kind, relation.Relation)
            ?? throw Error(relation.Position, relation.Path, $"{entity.Name} have no relation '{relation.Relation}'" + Known(Relations.Of(entity.Kind).Select(r => r.Name)));
        var target = EntityTypes.OfKind(definition.ToKind);
        var inner = relation.Inner is null ? new BoundQuery(target, null) : BindQuery(relation.Inner, target, depth + 1);
        return new BoundRelation(definition, inner);
    }

    private BoundCondition BindCompare(CompareSyntax compare, EntityType entity, int depth)
    {
        var property = Properties.Find(entity.Kind, compare.Property);
        if (property is null)
        {
            // A bare relation name means "has any": `pushed_by` is `pushed_by()`.
            if (compare.Operator is null && Relations.Find(entity.Kind, compare.Property) is not null)
            {
                return BindRelation(new RelationSyntax(compare.Property, null, compare.Position, compare.Path), entity, depth);
            }

            throw Error(compare.Position, compare.Path, $"{entity.Name} have no property '{compare.Property}'" + Known(Properties.Of(entity.Kind).Select(p => p.Name).Append("key").Append("name")));
        }

        var valuePosition = compare.ValuePosition >= 0 ? compare.ValuePosition : compare.Position;
        var valuePath = compare.Path + ".value";
        if (compare.Operator is null || compare.Value is null)
        {
            return property.Type == PropertyType.Boolean
                ? Expand(property, "=", true, entity, depth)
                : throw Error(compare.Position, compare.Path, $"'{property.Name}' is not a yes/no property: compare it with a value (e.g. {property.Name} = …)");
        }

        var op = compare.Operator;
        var allowed = property.Type switch
        {
            PropertyType.Text => ["=", "!=", "~", "!~"],
            PropertyType.Boolean => ["=", "!="],
            _ => new[] { "=", "!=", "<", "<=", ">", ">=" },
        };
        if (!allowed.Contains(op))
        {
            throw Error(compare.Position, compare.Path, $"'{op}' does not apply to {property.Type.ToString().ToLowerInvariant()} property '{property.Name}' (use {string.Join(" ", allowed)})");
        }

        var value = compare.Value;
        object converted = property.Type switch
        {
            PropertyType.Number => value.AsNumber() ?? throw Error(valuePosition, valuePath, $"'{property.Name}' is a number: '{value.Text}' is not"),
            PropertyType.Boolean => value.AsBoolean() ?? throw Error(valuePosition, valuePath, $"'{property.Name}' is true or false, not '{value.Text}'"),
            PropertyType.Severity => Severities.Rank(value.Text) ?? throw Error(valuePosition, valuePath, $"unknown severity '{value.Text}' (expected critical, high, medium, low, negligible, unknown)"),
            PropertyType.Time => DateTimeOffset.TryParse(value.Text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
                ? time : throw Error(valuePosition, valuePath, $"'{property.Name}' is a time: write an ISO-8601 date like 2025-01-31"),
            _ => value.Text,
        };
        return Expand(property, op, converted, entity, depth);
    }

    /// <summary>A shorthand becomes its relation condition (negated for <c>= false</c> / <c>!= true</c>).</summary>
    private BoundCondition Expand(PropertyDefinition property, string op, object value, EntityType entity, int depth)
    {
        if (property.Source != PropertySource.Shorthand)
        {
            return new BoundCompare(property, op, value);
        }

        var expansion = $"{entity.Name} where {property.Expansion}";
        var parsed = QueryParser.Parse(expansion, EntityTypes.IsEntity);
        var expanded = new QueryBinder(expansion, maxDepth).BindCondition(parsed.Where ?? throw new InvalidOperationException(property.Name), entity, depth);
        var positive = (bool)value == (op == "=");
        return positive ? expanded : new BoundNot(expanded);
    }

    private QueryException Error(int position, string path, string detail) => QueryException.For(text, position, path, detail);

    private static string Known(IEnumerable<string> names) => $" (known: {string.Join(", ", names.Distinct().Order(StringComparer.Ordinal))})";
}

/// <summary>Severity ranks, highest first.</summary>
internal static class Severities
{
    public static int? Rank(string? severity) => severity?.ToUpperInvariant() switch
    {
        "CRITICAL" => 5,
        "HIGH" => 4,
        "MEDIUM" or "MODERATE" => 3,
        "LOW" => 2,
        "NEGLIGIBLE" => 1,
        "UNKNOWN" => 0,
        _ => null,
    };
}
