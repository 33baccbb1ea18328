using Tether.Core.Errors;
using Tether.Core.Parsing;

namespace Tether.Registry.Parse;

/// <summary>The envelope fields of an in-toto Statement: its type, predicate type and subjects (the predicate is left to the provenance reader).</summary>
public sealed record InTotoStatement(string Type, string? PredicateType, IReadOnlyList<InTotoSubject> Subjects)
{
    /// <summary>True for SLSA provenance (v0.1, v0.2, v1), which the provenance reader turns into pipeline facts.</summary>
    public bool IsSlsaProvenance => PredicateType?.StartsWith("https://slsa.dev/provenance/", StringComparison.Ordinal) == true;

    /// <summary>Reads the statement fields; throws <see cref="InputException"/> naming the field when malformed.</summary>
    public static InTotoStatement Parse(ReadOnlyMemory<byte> bytes, string source, int maxBytes)
    {
        using var document = BoundedJson.Parse(bytes, source, maxBytes);
        var root = JsonFields.RequireObject(document.RootElement, source, "$");
        var type = JsonFields.RequiredString(root, "_type", source, "$");
        if (!type.StartsWith("https://in-toto.io/Statement/", StringComparison.Ordinal))
        {
            throw new InputException(source, "$._type", $"'{JsonFields.Clip(type)}' is not an in-toto Statement type.");
        }

        var subjects = new List<InTotoSubject>();
        var elements = JsonFields.OptionalArray(root, "subject", source, "$", ManifestParser.MaxDescriptors) ?? [];
        for (var i = 0; i < elements.Count; i++)
        {
            var path = $"$.subject[{i}]";
            var subject = JsonFields.RequireObject(elements[i], source, path);
            subjects.Add(new InTotoSubject(
                JsonFields.OptionalString(subject, "name", source, path),
                JsonFields.OptionalStringMap(subject, "digest", source, path, 64) ?? new Dictionary<string, string>()));
        }

        return new InTotoStatement(type, JsonFields.OptionalString(root, "predicateType", source, "$"), subjects);
    }
}

/// <summary>One subject: a name and its digests by algorithm (<c>sha256</c> → hex).</summary>
public sealed record InTotoSubject(string? Name, IReadOnlyDictionary<string, string> Digests);
