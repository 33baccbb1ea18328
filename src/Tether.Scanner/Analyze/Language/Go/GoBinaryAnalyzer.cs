using Tether.Scanner.Analyze.Language.Elf;

namespace Tether.Scanner.Analyze.Language.Go;

/// <summary>
/// Go executables (ELF), from the build info the linker embeds: the main module (version as stamped, often
/// <c>(devel)</c>), every dependency module (a replacement by another module at a version is reported as that
/// module; a replacement by a local directory keeps the required version), and the toolchain as the package
/// <c>stdlib</c> (version without the <c>go</c> prefix, as Go vulnerability data writes it). Module paths are split
/// as purl does: namespace up to the last <c>/</c>, name after it. Files that are not Go binaries yield nothing.
/// </summary>
public sealed class GoBinaryAnalyzer : IContentSniffingAnalyzer
{
    public string Name => "go-binary";

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

        var elf = ElfFile.Parse(content, path);
        if (GoBuildInfo.Read(elf, path) is not var (goVersion, moduleText))
        {
            return [];
        }

        var info = GoModuleInfo.Parse(moduleText, path);
        var architecture = info.Settings.GetValueOrDefault("GOARCH");
        var collector = new PackageCollector(path);
        foreach (var module in info.Main is { } main ? info.Dependencies.Prepend(main) : info.Dependencies)
        {
            // A module without a version (never written by the toolchain) is not reported rather than guessed.
            if (Effective(module) is { Version: not null } effective)
            {
                collector.Add(Package(effective, path, architecture));
            }
        }

        if (StandardLibraryVersion(goVersion) is { } stdlib)
        {
            collector.Add(new ScannedPackage("golang", "stdlib", stdlib) { Architecture = architecture, Path = path });
        }

        return collector.ToList();
    }

    /// <summary><c>go1.22.3</c> → <c>1.22.3</c>; extra words (<c>go1.20.5 X:boringcrypto</c>) dropped; a development toolchain (<c>devel …</c>) has no release version.</summary>
    internal static string? StandardLibraryVersion(string goVersion)
    {
        var first = goVersion.Trim().Split(' ', 2)[0];
        return first.Length > 2 && first.StartsWith("go", StringComparison.Ordinal) && char.IsAsciiDigit(first[2]) ? first[2..] : null;
    }

    private static GoModule Effective(GoModule module) =>
        module.Replacement is { Version: { } version } replacement && version != "(devel)" ? replacement : module;

    private static ScannedPackage Package(GoModule module, string path, string? architecture)
    {
        var modulePath = PackageCollector.Coordinate(module.Path, path, "Go module path");
        var slash = modulePath.LastIndexOf('/');
        return new ScannedPackage(
            "golang",
            slash < 0 ? modulePath : modulePath[(slash + 1)..],
            PackageCollector.Coordinate(module.Version, path, $"version of {modulePath}"))
        {
            Namespace = slash < 0 ? null : modulePath[..slash],
            Architecture = architecture,
            Path = path,
        };
    }
}
