using Tether.Testing;

namespace Tether.Vulnerabilities.Tests.Versions.Os;

/// <summary>One <c>A op B</c> line of an osv-scalibr vector file.</summary>
internal sealed record VectorLine(string File, int Number, string Text, string A, string Op, string B)
{
    public override string ToString() => $"{File}:{Number}: {Text}";
}

/// <summary>
/// The osv-scalibr version vectors in shared/testdata/versions/osv-scalibr: one <c>A &lt; B</c>, <c>A = B</c> or
/// <c>A &gt; B</c> per line; blank lines and <c>#</c> comment lines are skipped. The <c>*-generated.txt</c> files were
/// produced by the ecosystem's reference tool over every version in OSV.
/// </summary>
internal static class VersionVectors
{
    public static IReadOnlyList<VectorLine> Load(string file)
    {
        var lines = new List<VectorLine>();
        var number = 0;
        foreach (var raw in File.ReadLines(TestData.Shared("versions", "osv-scalibr", file)))
        {
            number++;
            var text = raw.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var parts = text.Split(' ');
            if (parts.Length != 3 || parts[1] is not ("<" or "=" or ">"))
            {
                throw new InvalidDataException($"{file}:{number}: not 'A op B': {text}");
            }

            lines.Add(new VectorLine(file, number, text, parts[0], parts[1], parts[2]));
        }

        return lines;
    }

    /// <summary>Every distinct version named in <paramref name="files"/>, in first-seen order (input for the pair generators).</summary>
    public static IReadOnlyList<string> DistinctVersions(params string[] files) =>
        files.SelectMany(Load).SelectMany(line => new[] { line.A, line.B }).Distinct(StringComparer.Ordinal).ToList();

    public static string OpOf(int order) => order < 0 ? "<" : order > 0 ? ">" : "=";

    public static string Reverse(string op) => op switch
    {
        "<" => ">",
        ">" => "<",
        _ => op,
    };
}
