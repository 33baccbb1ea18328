using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tether.Cli.Infrastructure;
using Tether.Cli.Presentation;
using Tether.Registry.Client;
using Tether.Registry.Client.Layout;
using Tether.Registry.Parse;
using Tether.Scanner.Analyze;
using Tether.Scanner.Attribute;
using Tether.Scanner.Cache;
using Tether.Scanner.Collect;
using Tether.Scanner.Layers;
using Tether.Scanner.Normalize;
using Tether.Scanner.Output;
using Tether.Scanner.Scan;
using Tether.Vulnerabilities.Matching;

namespace Tether.Cli.Commands;

/// <summary>
/// <c>tether scan SOURCE</c>: Tether's own scanner. Reads the image's layers (each once, several at a time, cached by
/// diff id), finds OS and language packages with the layer that installed them, stores image, layers and packages in the
/// graph (unless <c>--no-store</c>) so traces reach them, and matches them against the advisory database.
/// </summary>
public static class ScanCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("SOURCE")
        {
            Description = "An image reference in a registry (REGISTRY/REPO:TAG or @sha256:…), oci:DIR[:TAG] (an OCI image layout), " +
                "docker-archive:FILE[:NAME:TAG|:@N] (a `docker save` / skopeo archive), or dir:PATH (a root filesystem; printed, not stored).",
        };
        var platform = new Option<string?>("--platform") { Description = "The platform to scan from an index: os/arch[/variant] (default linux/amd64)." };
        var noStore = new Option<bool>("--no-store") { Description = "Do not store the image, layers and packages (findings are still matched when the store has advisories)." };
        var cacheDir = new Option<string?>("--cache-dir") { Description = "Layer cache directory (default $XDG_CACHE_HOME/tether, else ~/.cache/tether)." };
        var concurrency = new Option<int>("--concurrency") { Description = "Layers downloaded and read at once.", DefaultValueFactory = _ => 3 };
        var output = CommonOptions.Output("table", "json", "sarif", "cyclonedx", "spdx");
        var access = new RegistryAccess();
        var command = new Command("scan", "Scan an image: packages per layer, stored in the graph and matched against the advisory database.")
        {
            target, platform, noStore, cacheDir, concurrency, output,
        };
        foreach (var option in access.Options)
        {
            command.Options.Add(option);
        }

        command.Subcommands.Add(ScanFilesCommand.Create());

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            if (ScanSource.TryParse(parse.GetValue(target)!, path => File.Exists(path) || Directory.Exists(path), out var parsed, out _)
                && parsed is ScanSource.RootFilesystem root)
            {
                return await ScanRootFilesystemAsync(root, parse, output, ct);
            }

            var wanted = ParsePlatform(parse.GetValue(platform));
            var (source, repository, reference, repositoryPath) = await OpenAsync(parse.GetValue(target)!, access, parse, ct);
            using var disposable = source as IDisposable;
            var image = await ImageFetcher.FetchAsync(source, repository, reference, wanted, ct);
            var cache = new LayerCache(parse.GetValue(cacheDir) ?? LayerCache.DefaultRoot(), Analyzers.All.Select(a => a.Name));
            var scanner = new ImageScanner(Analyzers.All, cache) { Concurrency = Math.Clamp(parse.GetValue(concurrency), 1, 16) };
            var scan = await ProgressBar.RunAsync<ImageScan, LayerProgress>(
                "scanning layers",
                p => ($"{p.Done} of {p.Total} layers ({p.Cached} from cache)", p.Done, p.Total),
                progress => scanner.ScanAsync(source, image, progress, ct));
            var db = parse.GetValue(CommonOptions.Db);
            var context = await ContextAsync(db, image, ct);
            var result = ScanNormalizer.Build(scan, repositoryPath, TimeProvider.System.GetUtcNow(), context);

            RematchSummary? stored = null;
            List<PackageMatch>? matches = null;
            if (!parse.GetValue(noStore))
            {
                await using var graph = await StoreLocation.OpenAsync(db, TimeProvider.System, ct);
                await graph.IngestAsync(result.Batch, ct);
                await using var advisories = await StoreLocation.OpenAdvisoriesAsync(db, TimeProvider.System, ct);
                // The matches the graph now records are the ones printed: the packages are matched once.
                matches = [];
                stored = await new GraphMatcher(graph, advisories, TimeProvider.System).MatchPackagesAsync([.. result.Packages.Select(p => p.Facts.Key).Distinct()], matches, ct);
            }

            var findings = await FindingsAsync(db, result, matches, ct);
            Print(parse.GetValue(output)!, parse.GetValue(target)!, result, findings, stored);
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>
    /// <c>dir:PATH</c>: the root filesystem read as one layer, its packages matched when the store has advisories, and
    /// printed. Never stored: a directory has no manifest digest, and a graph image keyed by an invented one would join no
    /// pod, registry or CI report while looking as if it could (docs/scanner.md, "Root filesystems").
    /// </summary>
    private static async Task<ExitCode> ScanRootFilesystemAsync(ScanSource.RootFilesystem root, ParseResult parse, Option<string> output, CancellationToken ct)
    {
        var layer = await new DirectoryScanner(Analyzers.All).ScanAsync(root.Directory, ct);
        var result = ScanNormalizer.Build(RootFilesystemScan.Of(root.Directory, layer), null, TimeProvider.System.GetUtcNow());
        Console.Error.WriteLine($"note: {root.Directory} is a root filesystem, not an image: its packages are printed, not stored in the graph.");
        var findings = await FindingsAsync(parse.GetValue(CommonOptions.Db), result, null, ct);
        Print(parse.GetValue(output)!, parse.GetValue<string>("SOURCE")!, result, findings, null);
        return ExitCode.Ok;
    }

    /// <summary>The content source, the repository and reference in it, and the REGISTRY/REPO the image is recorded under.</summary>
    private static async Task<(IContentSource Source, string Repository, string Reference, string? RepositoryPath)> OpenAsync(
        string text, RegistryAccess access, ParseResult parse, CancellationToken ct)
    {
        if (!ScanSource.TryParse(text, path => File.Exists(path) || Directory.Exists(path), out var source, out var error))
        {
            throw new CliError(ExitCode.BadInput, error);
        }

        switch (source)
        {
            case ScanSource.OciLayout layout:
            {
                // A local layout names no repository: the image's stored repositories are left as they are.
                var name = new string([.. Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(layout.Directory))).ToLowerInvariant()
                    .Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-')]).Trim('-', '.', '_');
                var repository = RepositoryNames.IsValid(name) ? name : "image";
                var directory = new OciLayoutSource(layout.Directory, "oci-layout", repository);
                var reference = layout.Reference ?? (await directory.ListManifestsAsync(ct)).FirstOrDefault()?.Digest
                    ?? throw new CliError(ExitCode.BadInput, $"{layout.Directory}: the OCI layout lists no image.");
                return (directory, repository, reference, null);
            }

            case ScanSource.DockerArchive archive:
            {
                var opened = await DockerArchiveSource.OpenAsync(archive.File, cancellationToken: ct);
                var image = opened.Select(archive.Reference);
                var name = image.Names.FirstOrDefault();
                // A manifest Tether synthesized has a digest no registry or pod knows: recorded without a repository.
                return (opened, name?.Repository ?? "image", image.ManifestDigest, image.ManifestSynthesized ? null : name?.FullRepository);
            }

            case ScanSource.RegistryImage registry:
                return (access.Client(registry.Name.Registry, parse), registry.Name.Repository,
                    registry.Name.Digest ?? registry.Name.Tag ?? "latest", registry.Name.FullRepository);

            default:
                throw new CliError(ExitCode.BadInput, $"'{text}': not a source `tether scan` reads.");
        }
    }

    private static Platform? ParsePlatform(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Split('/');
        return parts.Length is 2 or 3 && parts.All(p => p.Length > 0)
            ? new Platform(parts[0], parts[1], parts.Length == 3 ? parts[2] : null)
            : throw new CliError(ExitCode.BadInput, $"--platform '{text}' is not os/arch[/variant] (e.g. linux/arm64/v8).");
    }

    /// <summary>What an existing store knows of the image's base and Dockerfile; nothing when there is no store yet.</summary>
    private static async Task<StoredImageContext> ContextAsync(string? db, FetchedImage image, CancellationToken ct)
    {
        if (!File.Exists(StoreLocation.Resolve(db)))
        {
            return StoredImageContext.Empty;
        }

        await using var graph = await StoreLocation.OpenAsync(db, TimeProvider.System, ct);
        return await StoredImageContext.LoadAsync(graph, image.ManifestDigest, image.IndexDigest, image.Config.DiffIds, ct);
    }

    /// <summary>
    /// Findings of the scanned packages, when the store holds an advisory database; none otherwise. The matches storing
    /// found are used when the scan was stored; else the packages are matched here.
    /// </summary>
    private static async Task<IReadOnlyList<VulnerabilityFinding>> FindingsAsync(string? db, ScanResult result, IReadOnlyList<PackageMatch>? matches, CancellationToken ct)
    {
        var location = StoreLocation.Resolve(db);
        if (!StoreLocation.Exists(location))
        {
            return [];
        }

        await using var advisories = await StoreLocation.OpenAdvisoriesAsync(location, TimeProvider.System, ct);
        if ((await advisories.ListEcosystemsAsync(ct)).Count == 0)
        {
            Console.Error.WriteLine($"note: {StoreLocation.Display(location)} holds no advisories; `tether db import osv PATH|URL` to match the packages.");
            return [];
        }

        var packages = result.Packages.DistinctBy(p => p.Facts.Key).ToDictionary(p => p.Facts.Key, StringComparer.Ordinal);
        matches ??= (await new PackageMatcher(advisories).MatchAsync([.. packages.Values.Select(p => MatchablePackage.From(p.Facts))], ct)).Matches;
        return await MatchFindings.BuildAsync(advisories, matches, key =>
        {
            var package = packages[key];
            return (package.Facts.Purl, [new FindingLocation(package.Scanned.Path, package.Scanned.Path)]);
        }, ct);
    }

    private static void WriteBytes(byte[] bytes)
    {
        using var stdout = Console.OpenStandardOutput();
        stdout.Write(bytes);
        stdout.WriteByte((byte)'\n');
    }

    /// <summary>A finding as the SBOM writers take it (the CycloneDX <c>vulnerabilities</c>, SPDX advisory references).</summary>
    private static ScanFinding ToScanFinding(VulnerabilityFinding finding) =>
        new(finding.Vulnerability.Id, finding.Package.Key)
        {
            Aliases = finding.Vulnerability.Aliases,
            AdvisoryId = finding.Advisory.Id,
            Severity = finding.Vulnerability.Severity,
            SeveritySource = finding.Vulnerability.SeveritySource,
            CvssScore = finding.Vulnerability.Cvss?.Score,
            CvssVector = finding.Vulnerability.Cvss?.Vector,
            FixedVersion = finding.Match.Fixed,
            Summary = finding.Vulnerability.Summary,
        };

    private static void Print(string format, string target, ScanResult result, IReadOnlyList<VulnerabilityFinding> findings, RematchSummary? stored)
    {
        switch (format)
        {
            case "json":
                Console.WriteLine(JsonSerializer.Serialize(ScanJson.View(target, result, findings, stored), JsonOutput.Options));
                break;
            case "sarif":
                Console.WriteLine(SarifWriter.Write(findings, VulnMatchCommand.Tool()));
                break;
            case "cyclonedx":
                WriteBytes(CycloneDxWriter.Write(result, [.. findings.Select(ToScanFinding)], SbomTool.Tether(VulnMatchCommand.Tool().Version), TimeProvider.System.GetUtcNow()));
                break;
            case "spdx":
                WriteBytes(SpdxWriter.Write(result, [.. findings.Select(ToScanFinding)], SbomTool.Tether(VulnMatchCommand.Tool().Version), TimeProvider.System.GetUtcNow()));
                break;
            default:
                ScanTableWriter.Write(AnsiConsole.Console, target, result, findings, stored);
                break;
        }

        foreach (var note in result.Notes.Take(20))
        {
            Console.Error.WriteLine(SafeText.Of($"note: {note}"));
        }
    }
}
