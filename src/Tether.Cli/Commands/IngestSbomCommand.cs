using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Tether.Cli.Infrastructure;
using Tether.Cli.Presentation;
using Tether.Core.Model;
using Tether.Pipeline.Collect;
using Tether.Vulnerabilities.Matching;
using Tether.Vulnerabilities.Reports.Normalize;
using Tether.Vulnerabilities.Sbom;
using Tether.Vulnerabilities.Sbom.Parse;

namespace Tether.Cli.Commands;

/// <summary>
/// <c>tether ingest sbom FILE… [--image REF@DIGEST]</c>: stores the packages of CycloneDX and SPDX JSON SBOMs,
/// with the layers they are in, attached to the image by digest. Every file is read and parsed before anything is stored.
/// </summary>
public static class IngestSbomCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "CycloneDX JSON (1.4–1.7) or SPDX JSON (2.2, 2.3) SBOMs, e.g. `syft IMAGE -o cyclonedx-json`, `trivy image --format spdx-json`.",
            Arity = ArgumentArity.OneOrMore,
        };
        var image = new Option<string?>("--image")
        {
            Description = "The image the SBOMs describe, as REF@sha256:… or sha256:…. Required when an SBOM names no manifest or " +
                "repository digest (e.g. Trivy scanning a tarball); overrides the SBOM's digests otherwise.",
        };
        var output = CommonOptions.Output("table", "json");
        var command = new Command("sbom", "Store the packages of CycloneDX or SPDX JSON SBOMs, per layer, attached to the image by digest.")
        {
            files, image, output,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var sbomFiles = new List<SbomFile>();
            foreach (var path in parse.GetValue(files) ?? [])
            {
                sbomFiles.Add(new SbomFile(path, await BoundedFile.ReadAsync(path, path, SbomLimits.MaxSbomBytes, ct)));
            }

            var import = Sboms.Import(sbomFiles, parse.GetValue(image), TimeProvider.System.GetUtcNow());
            var db = parse.GetValue(CommonOptions.Db);
            await using var store = await StoreLocation.OpenAsync(db, TimeProvider.System, ct);
            await store.IngestAsync(import.Batch, ct);

            // The packages are matched against the advisory database at once, so the image's findings exist now.
            await using var advisories = await StoreLocation.OpenAdvisoriesAsync(db, TimeProvider.System, ct);
            var keys = import.Batch.Nodes.OfType<PackageFacts>().Select(p => p.Key).ToList();
            var matching = await new GraphMatcher(store, advisories, TimeProvider.System).MatchPackagesAsync(keys, ct);
            Print(import, matching, parse.GetValue(output) == "json");
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }

    private static void Print(SbomImport import, RematchSummary matching, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                stored = new { packages = import.Packages, layers = import.Layers, images = import.Images, ecosystems = import.Ecosystems, edges = import.Batch.Edges.Count },
                sboms = import.Sboms.Select(s => new
                {
                    file = s.Source,
                    format = s.Description,
                    document = s.DocumentDigest,
                    images = s.Images.Select(i => new { digest = i.Digest, role = i.Role, repositories = i.Repositories, confidence = i.Confidence }),
                    packages = s.Packages,
                    layers = s.Layers,
                    ecosystems = s.Ecosystems,
                    notes = s.Notes,
                }),
                matching = RematchText.View(matching),
            }, JsonOutput.Options));
            return;
        }

        foreach (var sbom in import.Sboms)
        {
            var images = string.Join(", ", sbom.Images.Select(Describe));
            Console.WriteLine(
                $"{sbom.Source}: {sbom.Description}, {Count(sbom.Packages, "package")} in {Count(sbom.Layers, "layer")} " +
                $"({string.Join(", ", sbom.Ecosystems)}) -> {images}");
            foreach (var note in sbom.Notes)
            {
                Console.Error.WriteLine($"note: {sbom.Source}: {note}");
            }
        }

        Console.WriteLine(
            $"stored {Count(import.Packages, "package")}, {Count(import.Layers, "layer")}, {Count(import.Images, "image")}, " +
            $"{Count(import.Ecosystems.Count, "ecosystem")} ({Count(import.Batch.Edges.Count, "edge")})");
        Console.WriteLine(RematchText.Line(matching));
        RematchText.WriteWarnings(matching, Console.Error);
    }

    private static string Count(int n, string one) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : one + "s");

    private static string Describe(LinkedImage image)
    {
        var role = image.Role switch
        {
            ImageDigestRole.Manifest => "manifest",
            ImageDigestRole.Repository => "repository digest",
            _ => "declared by --image",
        };
        var where = image.Repositories.Count == 0 ? "" : " of " + string.Join(", ", image.Repositories);
        return $"{image.Digest} ({role}{where})";
    }
}
