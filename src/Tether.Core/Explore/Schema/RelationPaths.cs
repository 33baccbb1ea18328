using Tether.Core.Graph;

namespace Tether.Core.Explore.Schema;

/// <summary>One hop of a relation path: any of the edges (type + direction); optional hops also keep the node itself.</summary>
public sealed record PathStep(IReadOnlyList<(string Type, EdgeDirection Direction)> Edges, bool Optional)
{
    public PathStep Reversed() => new([.. Edges.Select(e => (e.Type, e.Direction == EdgeDirection.Outgoing ? EdgeDirection.Incoming : EdgeDirection.Outgoing))], Optional);

    public override string ToString() => Optional
        ? "family"
        : string.Join("/", Edges.Select(e => e.Direction == EdgeDirection.Outgoing ? e.Type + ">" : "<" + e.Type));
}

/// <summary>
/// A tiny notation for relation paths: <c>type&gt;</c> follows an edge forward, <c>&lt;type</c> backward, <c>family</c>
/// optionally crosses <c>has_manifest</c> either way (an index and its platform manifests run and hold the same
/// software), and <c>|</c> separates alternative paths whose results are united.
/// </summary>
public static class RelationPaths
{
    public static IReadOnlyList<IReadOnlyList<PathStep>> Parse(string paths) =>
        [.. paths.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(path => (IReadOnlyList<PathStep>)[.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ParseStep)])];

    /// <summary>Every path of <paramref name="first"/> followed by every path of <paramref name="then"/>.</summary>
    public static string Then(string first, string then) =>
        string.Join(" | ", first.Split('|', StringSplitOptions.TrimEntries).SelectMany(a => then.Split('|', StringSplitOptions.TrimEntries).Select(b => $"{a} {b}")));

    /// <summary>The same paths walked from the other end.</summary>
    public static string Reverse(string paths) =>
        string.Join(" | ", paths.Split('|', StringSplitOptions.TrimEntries).Select(path =>
            string.Join(' ', path.Split(' ', StringSplitOptions.RemoveEmptyEntries).Reverse().Select(ReverseToken))));

    private static string ReverseToken(string token) => token switch
    {
        "family" => token,
        _ when token.EndsWith('>') => "<" + token[..^1],
        _ => token[1..] + ">",
    };

    private static PathStep ParseStep(string token) => token switch
    {
        "family" => new PathStep([(EdgeTypes.HasManifest, EdgeDirection.Outgoing), (EdgeTypes.HasManifest, EdgeDirection.Incoming)], true),
        _ when token.EndsWith('>') => new PathStep([(token[..^1], EdgeDirection.Outgoing)], false),
        _ when token.StartsWith('<') => new PathStep([(token[1..], EdgeDirection.Incoming)], false),
        _ => throw new ArgumentException($"bad path step '{token}'", nameof(token)),
    };
}
