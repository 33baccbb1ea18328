using System.IO.Compression;
using System.Text.Json;
using Tether.Core.Errors;
using Tether.Core.Parsing;
using Tether.Scanner.Analyze.Language.Elf;

namespace Tether.Scanner.Analyze.Language.Rust;

/// <summary>
/// Rust executables built with <c>cargo auditable</c>: the <c>.dep-v0</c> ELF section holds the dependency tree as
/// zlib-compressed JSON (<c>{"packages": [{"name", "version", "source", "kind", "root"}]}</c>). Runtime packages
/// are reported, the root crate included; build-time ones (<c>kind: build</c>: build scripts, proc macros) are not in
/// the executable. Rust binaries built without cargo auditable carry no dependency list and yield nothing.
/// </summary>
public sealed class CargoAuditableAnalyzer : IContentSniffingAnalyzer
{
    private const string Section = ".dep-v0";
    private const int MaxJsonBytes = 16 * 1024 * 1024;

    public string Name => "cargo-auditable";

    public long MaxBytes => 256 * 1024 * 1024;

    public int HeadLength => 18;

    public bool Wants(string path) => ExecutableNames.MayBeExecutable(path);

    public bool WantsContent(ReadOnlySpan<byte> head) => ElfFile.LooksLikeExecutable(head);

    public IReadOnlyList<ScannedPackage> Analyze(string path, ReadOnlyMemory<byte> content)
    {
        if (!ElfFile.HasMagic(content.Span))
        {
            return [];
        }

        if (ElfFile.Parse(content, path).SectionData(Section) is not { } compressed)
        {
            return [];
        }

        var source = path + " " + Section;
        using var document = BoundedJson.Parse(Inflate(compressed, path), source);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("packages", out var packages) || packages.ValueKind != JsonValueKind.Array)
        {
            throw new InputException(source, "$.packages", "an array of packages is required.");
        }

        var collector = new PackageCollector(path);
        var index = 0;
        foreach (var package in packages.EnumerateArray())
        {
            var field = $"$.packages[{index++}]";
            if (BoundedJson.OptionalString(package, "kind", source, field) is "build")
            {
                continue;
            }

            var name = BoundedJson.RequiredString(package, "name", source, field);
            var version = BoundedJson.RequiredString(package, "version", source, field);
            collector.Add(new ScannedPackage("cargo", PackageCollector.Coordinate(name, source, field + ".name"), PackageCollector.Coordinate(version, source, field + ".version"))
            {
                Path = path,
            });
        }

        return collector.ToList();
    }

    private static byte[] Inflate(ReadOnlyMemory<byte> compressed, string path)
    {
        var field = Section + " section";
        try
        {
            using var input = new MemoryStream(compressed.ToArray(), writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            return BoundedRead.ReadAll(zlib, MaxJsonBytes, path, field);
        }
        catch (InvalidDataException e)
        {
            throw new InputException(path, field, "is not valid zlib data: " + e.Message, e);
        }
    }
}
