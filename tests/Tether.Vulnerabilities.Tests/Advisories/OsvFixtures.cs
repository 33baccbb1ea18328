using System.IO.Compression;
using Tether.Core.Advisories;
using Tether.Vulnerabilities.Advisories.Parse;
using Tether.Testing;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Advisories;

/// <summary>The real OSV records under shared/testdata/osv, and archives built from them.</summary>
internal static class OsvFixtures
{
    /// <summary>Every record file: 9 top-level records, 245 Debian 12 changelog records, 30 GHSA records.</summary>
    public const int RecordCount = 284;

    public static string Folder => TestData.Shared("osv");

    public static string File(params string[] parts) => TestData.Shared(["osv", .. parts]);

    public static byte[] Bytes(params string[] parts) => System.IO.File.ReadAllBytes(File(parts));

    public static IReadOnlyList<string> AllFiles() =>
        [.. Directory.EnumerateFiles(Folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    /// <summary>Parses one fixture that must hold exactly one well-formed record.</summary>
    public static Advisory Parse(params string[] parts)
    {
        var document = OsvDocumentParser.Parse(Bytes(parts), File(parts));
        Assert.Empty(document.Warnings);
        return Assert.Single(document.Advisories);
    }

    /// <summary>A zip of the given entries (name → bytes), as OSV's all.zip is laid out.</summary>
    public static void WriteZip(string path, IEnumerable<(string Name, byte[] Content)> entries)
    {
        using var file = System.IO.File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var (name, content) in entries)
        {
            var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
            using var stream = entry.Open();
            stream.Write(content);
        }
    }

    /// <summary>The real records as zip entries named <c>&lt;file name&gt;</c>, like an export.</summary>
    public static IEnumerable<(string Name, byte[] Content)> RecordEntries() =>
        AllFiles().Select(path => (Path.GetFileName(path), System.IO.File.ReadAllBytes(path)));
}
