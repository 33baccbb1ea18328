using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tether.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Tether.Kubernetes.Parse;

/// <summary>
/// Turns a YAML stream (one or many <c>---</c> documents) into JSON trees, the way kubectl reads manifests
/// (YAML is converted to JSON, then decoded into the API types).
/// <para>
/// Why not <c>KubernetesYaml.LoadAllFromString</c>: it throws on kinds it has no model for (CRDs, retired API
/// versions), which we must skip and count, and it puts no bound on alias expansion. Here aliases are expanded
/// under a node budget (<see cref="KubernetesParseLimits.YamlAliasExpansionFloor"/>), nesting is capped, and
/// errors name the line and column.
/// </para>
/// Scalars follow the YAML 1.2 core schema: plain <c>true</c>/<c>false</c>, <c>null</c>/<c>~</c>/empty, integers
/// and floats are typed; everything quoted, or tagged <c>!!str</c>, is a string.
/// </summary>
internal sealed partial class YamlToJson
{
    private readonly string _source;
    private readonly KubernetesParseLimits _limits;
    private readonly Dictionary<string, (JsonNode? Node, int Size)> _anchors = new(StringComparer.Ordinal);
    private long _written;
    private long _expanded;

    private YamlToJson(string source, KubernetesParseLimits limits)
    {
        _source = source;
        _limits = limits;
    }

    /// <summary>Each document of the stream as a JSON tree (null for an empty document).</summary>
    public static IReadOnlyList<JsonNode?> ConvertAll(string yaml, string source, KubernetesParseLimits limits)
    {
        var converter = new YamlToJson(source, limits);
        var parser = new Parser(new StringReader(yaml));
        try
        {
            return converter.ReadStream(parser);
        }
        catch (YamlException e)
        {
            throw new InputException(source, $"line {e.Start.Line}, column {e.Start.Column}", "is not valid YAML: " + e.Message, e);
        }
    }

    private List<JsonNode?> ReadStream(Parser parser)
    {
        var documents = new List<JsonNode?>();
        parser.Consume<StreamStart>();
        while (parser.TryConsume<DocumentStart>(out _))
        {
            if (documents.Count >= _limits.MaxItems)
            {
                throw new InputException(_source, $"document[{documents.Count}]", $"more than {_limits.MaxItems} documents.");
            }

            // Anchors are scoped to their document (YAML 1.2 §3.2.2.2).
            _anchors.Clear();
            documents.Add(parser.Accept<DocumentEnd>(out _) ? null : ReadNode(parser, 0));
            parser.Consume<DocumentEnd>();
        }

        parser.Consume<StreamEnd>();
        return documents;
    }

    private JsonNode? ReadNode(Parser parser, int depth)
    {
        if (depth > _limits.MaxYamlDepth)
        {
            throw Error(parser.Current, $"nesting deeper than {_limits.MaxYamlDepth} levels.");
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return Expand(alias);
        }

        var before = _written + _expanded;
        JsonNode? node;
        string? anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            Count(scalar);
            node = ToJson(scalar);
            anchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value;
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            Count(sequenceStart);
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode(parser, depth + 1));
            }

            node = array;
            anchor = sequenceStart.Anchor.IsEmpty ? null : sequenceStart.Anchor.Value;
        }
        else if (parser.TryConsume<MappingStart>(out var mappingStart))
        {
            Count(mappingStart);
            node = ReadMapping(parser, depth);
            anchor = mappingStart.Anchor.IsEmpty ? null : mappingStart.Anchor.Value;
        }
        else
        {
            throw Error(parser.Current, $"unexpected {parser.Current?.GetType().Name ?? "end of input"}.");
        }

        if (anchor is not null)
        {
            _anchors[anchor] = (node, (int)Math.Min(int.MaxValue, _written + _expanded - before));
        }

        return node;
    }

    private JsonObject ReadMapping(Parser parser, int depth)
    {
        var mapping = new JsonObject();
        List<JsonNode?>? merges = null;
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = parser.Current;
            var keyNode = ReadNode(parser, depth + 1);
            if (keyNode is not JsonValue keyValue)
            {
                throw Error(keyEvent, "a mapping key must be a scalar.");
            }

            var key = keyValue.ToJsonString().Trim('"');
            if (keyValue.TryGetValue<string>(out var text))
            {
                key = text;
            }

            var value = ReadNode(parser, depth + 1);
            if (key == "<<" && keyEvent is Scalar { Style: ScalarStyle.Plain })
            {
                (merges ??= []).Add(value);
                continue;
            }

            if (mapping.ContainsKey(key))
            {
                throw Error(keyEvent, $"duplicate key '{key}'.");
            }

            mapping[key] = value;
        }

        // Merge keys (<<: *base) fill in what the mapping does not set itself.
        foreach (var merge in merges ?? [])
        {
            foreach (var source in merge is JsonArray many ? many.ToList() : [merge])
            {
                if (source is not JsonObject from)
                {
                    throw new InputException(_source, null, "a YAML merge key (<<) must refer to a mapping or a list of mappings.");
                }

                foreach (var (name, value) in from)
                {
                    if (!mapping.ContainsKey(name))
                    {
                        mapping[name] = value?.DeepClone();
                    }
                }
            }
        }

        return mapping;
    }

    private JsonNode? Expand(AnchorAlias alias)
    {
        if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
        {
            throw Error(alias, $"alias *{alias.Value.Value} refers to no anchor.");
        }

        _expanded += anchored.Size;
        if (_expanded > Math.Max(_limits.YamlAliasExpansionFloor, _written) || _written + _expanded > _limits.MaxYamlNodes)
        {
            throw Error(alias, $"aliases expand to more than {Math.Max(_limits.YamlAliasExpansionFloor, _written)} nodes (a YAML alias bomb?).");
        }

        return anchored.Node?.DeepClone();
    }

    private void Count(ParsingEvent parsingEvent)
    {
        if (++_written + _expanded > _limits.MaxYamlNodes)
        {
            throw Error(parsingEvent, $"more than {_limits.MaxYamlNodes} YAML nodes.");
        }
    }

    private static JsonNode? ToJson(Scalar scalar)
    {
        var value = scalar.Value;
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (scalar.Style != ScalarStyle.Plain || tag is "tag:yaml.org,2002:str" or "!")
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (IntegerPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (value.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return JsonValue.Create(hex);
        }

        if (value.StartsWith("0o", StringComparison.Ordinal) && value.Length > 2 && value.Skip(2).All(c => c is >= '0' and <= '7'))
        {
            return JsonValue.Create(Convert.ToInt64(value[2..], 8));
        }

        if (FloatPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            return JsonValue.Create(real);
        }

        // .inf and .nan have no JSON form; keep them as text.
        return JsonValue.Create(value);
    }

    private InputException Error(ParsingEvent? at, string message) =>
        new(_source, at is null ? null : $"line {at.Start.Line}, column {at.Start.Column}", message);

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
