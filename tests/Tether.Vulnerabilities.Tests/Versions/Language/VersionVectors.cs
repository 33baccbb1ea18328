using Tether.Testing;

namespace Tether.Vulnerabilities.Tests.Versions.Language;

/// <summary>One line of an osv-scalibr vector file: <c>A op B</c> with op one of &lt;, =, &gt;.</summary>
internal sealed record VersionVector(string File, int LineNumber, string Line, string A, string Op, string B)
{
    public override string ToString() => $"{File}:{LineNumber}: {Line}";
}

/// <summary>
/// Reads shared/testdata/versions/osv-scalibr/*.txt: one comparison per line, blank lines and lines
/// starting with <c>//</c> or <c>#</c> are comments (the format osv-scalibr's compare_test.go reads).
/// </summary>
internal static class VersionVectors
{
    public static IReadOnlyList<VersionVector> Read(string file)
    {
        var vectors = new List<VersionVector>();
        var lines = File.ReadAllLines(TestData.Shared("versions", "osv-scalibr", file));
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal) || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(' ');
            if (parts.Length != 3 || parts[1] is not ("<" or "=" or ">"))
            {
                throw new FormatException($"{file}:{i + 1}: not 'A op B': {line}");
            }

            vectors.Add(new VersionVector(file, i + 1, line, parts[0], parts[1], parts[2]));
        }

        return vectors;
    }
}
