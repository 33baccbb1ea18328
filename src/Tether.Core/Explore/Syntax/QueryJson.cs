using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tether.Core.Parsing;

namespace Tether.Core.Explore.Syntax;

/// <summary>
/// The JSON form of a query (schema in docs/explorer.md). Reading is bounded (size, depth) and every error names the
/// JSON path of the field at fault.
/// <code>
/// query     = { "entity": "images", "where": condition }          ("entity" optional inside a relation)
/// condition = { "and": [condition…] } | { "or": [condition…] } | { "not": condition }
///           | { "property": "severity", "op": "&gt;=", "value": "high" }   ("op"/"value" omitted: a boolean property is true)
///           | { "relation": "vulnerabilities", "query": query }          ("query" omitted: any related entity)
/// </code>
/// </summary>
public static class QueryJson
{
    public const int MaxBytes = 256 * 1024;

    public static JsonObject ToJson(QuerySyntax query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var json = new JsonObject();
        if (query.Entity.Length > 0)
        {
            json["entity"] = query.Entity;
        }

        if (query.Where is not null)
        {
            json["where"] = ToJson(query.Where);
        }

        return json;
    }

    public static string Serialize(QuerySyntax query) => ToJson(query).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static JsonObject ToJson(ConditionSyntax condition) => condition switch
    {
        AndSyntax and => new JsonObject { ["and"] = new JsonArray([.. and.Operands.Select(o => (JsonNode)ToJson(o))]) },
        OrSyntax or => new JsonObject { ["or"] = new JsonArray([.. or.Operands.Select(o => (JsonNode)ToJson(o))]) },
        NotSyntax not => new JsonObject { ["not"] = ToJson(not.Operand) },
        RelationSyntax relation => relation.Inner is null
            ? new JsonObject { ["relation"] = relation.Relation }
            : new JsonObject { ["relation"] = relation.Relation, ["query"] = ToJson(relation.Inner) },
        CompareSyntax compare => Compare(compare),
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition.GetType().Name, "unknown condition"),
    };

    private static JsonObject Compare(CompareSyntax compare)
    {
        var json = new JsonObject { ["property"] = compare.Property };
        if (compare.Operator is not null && compare.Value is { } value)
        {
            json["op"] = compare.Operator;
            json["value"] = value.Kind switch
            {
                QueryValueKind.Number => JsonValue.Create(double.Parse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture)),
                QueryValueKind.Boolean => JsonValue.Create(value.Text == "true"),
                _ => JsonValue.Create(value.Text),
            };
        }

        return json;
    }

    /// <summary>Reads the JSON form; <paramref name="source"/> names the input in errors.</summary>
    public static QuerySyntax Parse(ReadOnlySpan<byte> json, string source, int maxDepth = QueryParser.DefaultMaxDepth)
    {
        JsonDocument document;
        try
        {
            document = BoundedJson.Parse(json.ToArray(), source, MaxBytes);
        }
        catch (Errors.InputException e)
        {
            throw QueryException.AtPath("$", e.Message);
        }

        using (document)
        {
            return ReadQuery(document.RootElement, "$", requireEntity: true, depth: 0, maxDepth);
        }
    }


    private static QuerySyntax ReadQuery(JsonElement json, string path, bool requireEntity, int depth, int maxDepth)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw QueryException.AtPath(path, "expected an object with \"entity\" and \"where\"");
        }

        string entity = "";
        ConditionSyntax? where = null;
        foreach (var property in json.EnumerateObject())
        {
            switch (property.Name)
            {
                case "entity":
                    entity = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : throw QueryException.AtPath(path + ".entity", "expected a string");
                    break;
                case "where":
                    where = ReadCondition(property.Value, path + ".where", depth + 1, maxDepth);
                    break;
                default:
                    throw QueryException.AtPath($"{path}.{property.Name}", "unknown field (expected \"entity\" or \"where\")");
            }
        }

        if (requireEntity && entity.Length == 0)
        {
            throw QueryException.AtPath(path + ".entity", "missing: the entity type to start from (images, pods, …)");
        }

        return new QuerySyntax(entity, where, -1, path);
    }

    private static ConditionSyntax ReadCondition(JsonElement json, string path, int depth, int maxDepth)
    {
        if (depth > maxDepth)
        {
            throw QueryException.AtPath(path, $"conditions are nested deeper than {maxDepth} levels");
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            throw QueryException.AtPath(path, "expected a condition object (and, or, not, property or relation)");
        }

        var names = json.EnumerateObject().Select(p => p.Name).ToList();
        if (json.TryGetProperty("and", out var and) || json.TryGetProperty("or", out and))
        {
            var name = json.TryGetProperty("and", out _) ? "and" : "or";
            Only(names, path, name);
            if (and.ValueKind != JsonValueKind.Array || and.GetArrayLength() == 0)
            {
                throw QueryException.AtPath($"{path}.{name}", "expected a non-empty array of conditions");
            }

            var operands = and.EnumerateArray().Select((o, i) => ReadCondition(o, $"{path}.{name}[{i}]", depth + 1, maxDepth)).ToList();
            return name == "and" ? new AndSyntax(operands, -1, path) : new OrSyntax(operands, -1, path);
        }

        if (json.TryGetProperty("not", out var not))
        {
            Only(names, path, "not");
            return new NotSyntax(ReadCondition(not, path + ".not", depth + 1, maxDepth), -1, path);
        }

        if (json.TryGetProperty("relation", out var relation))
        {
            Only(names, path, "relation", "query");
            var inner = json.TryGetProperty("query", out var query) ? ReadQuery(query, path + ".query", requireEntity: false, depth + 1, maxDepth) : null;
            return new RelationSyntax(Text(relation, path + ".relation"), inner, -1, path);
        }

        if (json.TryGetProperty("property", out var property))
        {
            Only(names, path, "property", "op", "value");
            var hasOp = json.TryGetProperty("op", out var op);
            var hasValue = json.TryGetProperty("value", out var value);
            if (hasOp != hasValue)
            {
                throw QueryException.AtPath(path, "\"op\" and \"value\" go together (omit both for a boolean property)");
            }

            if (!hasOp)
            {
                return new CompareSyntax(Text(property, path + ".property"), null, null, -1, path);
            }

            var opText = Text(op, path + ".op");
            if (!QueryOperators.All.Contains(opText))
            {
                throw QueryException.AtPath(path + ".op", $"unknown operator '{opText}' (expected one of {string.Join(" ", QueryOperators.All)})");
            }

            QueryValue literal = value.ValueKind switch
            {
                JsonValueKind.String => QueryFormatter.IsWord(value.GetString()!) ? new QueryValue(QueryValueKind.Identifier, value.GetString()!) : new QueryValue(QueryValueKind.String, value.GetString()!),
                JsonValueKind.Number => new QueryValue(QueryValueKind.Number, value.GetDouble().ToString("R", CultureInfo.InvariantCulture)),
                JsonValueKind.True => new QueryValue(QueryValueKind.Boolean, "true"),
                JsonValueKind.False => new QueryValue(QueryValueKind.Boolean, "false"),
                _ => throw QueryException.AtPath(path + ".value", "expected a string, number or boolean"),
            };
            return new CompareSyntax(Text(property, path + ".property"), opText, literal, -1, path);
        }

        throw QueryException.AtPath(path, "expected one of \"and\", \"or\", \"not\", \"property\", \"relation\"");
    }

    private static void Only(List<string> names, string path, params string[] allowed)
    {
        foreach (var name in names.Where(n => !allowed.Contains(n)))
        {
            throw QueryException.AtPath($"{path}.{name}", $"unexpected field beside \"{allowed[0]}\"");
        }
    }

    private static string Text(JsonElement json, string path) =>
        json.ValueKind == JsonValueKind.String && json.GetString() is { Length: > 0 } text ? text : throw QueryException.AtPath(path, "expected a non-empty string");
}
