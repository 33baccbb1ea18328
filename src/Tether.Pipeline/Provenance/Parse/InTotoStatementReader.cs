using Tether.Pipeline.Parsing;

namespace Tether.Pipeline.Provenance.Parse;

/// <summary>Reads an in-toto Statement (v0.1 or v1): type, subjects with their digests, and a SLSA provenance predicate.</summary>
internal static class InTotoStatementReader
{
    public const string StatementV01 = "https://in-toto.io/Statement/v0.1";
    public const string StatementV1 = "https://in-toto.io/Statement/v1";
    public const string SlsaProvenanceV02 = "https://slsa.dev/provenance/v0.2";
    public const string SlsaProvenanceV1 = "https://slsa.dev/provenance/v1";
    private const int MaxSubjects = 10_000;

    /// <summary>Hex lengths of the digest algorithms we check; others are ignored (not ours to judge).</summary>
    private static readonly Dictionary<string, int[]> DigestLengths = new(StringComparer.Ordinal)
    {
        ["sha256"] = [64],
        ["sha512"] = [128],
        ["sha384"] = [96],
        ["sha1"] = [40],
        ["gitCommit"] = [40, 64],
    };

    public static (InTotoStatement Statement, string? Skipped) Read(JsonAt root, bool skipUnknownPredicates)
    {
        var type = root.RequiredString("_type");
        if (type is not (StatementV01 or StatementV1))
        {
            throw root.Error("_type", $"'{ProvenanceParser.Clip(type)}' is not an in-toto Statement ({StatementV01} or {StatementV1}).");
        }

        var predicateType = root.RequiredString("predicateType");
        var subjects = root.Array("subject", MaxSubjects).Select(ReadSubject).ToList();
        if (subjects.Count == 0)
        {
            throw root.Error("subject", "is required and must name at least one subject.");
        }

        BuildProvenance? provenance;
        switch (predicateType)
        {
            case SlsaProvenanceV02:
                provenance = SlsaV02Reader.Read(root.RequiredObject("predicate"));
                break;
            case SlsaProvenanceV1:
                provenance = SlsaV1Reader.Read(root.RequiredObject("predicate"));
                break;
            default:
                if (!skipUnknownPredicates)
                {
                    throw root.Error("predicateType",
                        $"'{ProvenanceParser.Clip(predicateType)}' is not SLSA provenance ({SlsaProvenanceV02} or {SlsaProvenanceV1}).");
                }

                return (new InTotoStatement(type, predicateType, subjects, null), $"predicate type {ProvenanceParser.Clip(predicateType)} is not provenance");
        }

        return (new InTotoStatement(type, predicateType, subjects, provenance), null);
    }

    internal static StatementSubject ReadSubject(JsonAt subject)
    {
        subject.ExpectObject();
        var digestObject = subject.RequiredObject("digest");
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in digestObject.Element.EnumerateObject())
        {
            if (!DigestLengths.TryGetValue(member.Name, out var lengths))
            {
                continue;
            }

            var value = digestObject.String(member.Name);
            if (value is null || !lengths.Contains(value.Length) || !value.All(Uri.IsHexDigit))
            {
                throw digestObject.Error(member.Name, $"'{ProvenanceParser.Clip(value ?? "")}' is not a {member.Name} digest ({string.Join(" or ", lengths)} hex).");
            }

            digests[member.Name] = value.ToLowerInvariant();
        }

        return new StatementSubject(subject.String("name"), digests);
    }

    /// <summary>A git commit from a SLSA digest set: gitCommit, else sha1 (SLSA v0.2 writes commits as sha1).</summary>
    internal static string? CommitFrom(JsonAt? digestSet)
    {
        if (digestSet is not { } set)
        {
            return null;
        }

        set.ExpectObject();
        foreach (var name in new[] { "gitCommit", "sha1" })
        {
            var value = set.String(name);
            if (value is null)
            {
                continue;
            }

            return CommitSha(value) ?? throw set.Error(name, $"'{ProvenanceParser.Clip(value)}' is not a git commit (40 or 64 hex).");
        }

        return null;
    }

    internal static string? CommitSha(string? value) => Identity.CommitSha.Normalize(value);
}
