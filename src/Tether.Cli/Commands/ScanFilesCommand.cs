using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spectre.Console;
using Tether.Cli.Infrastructure;
using Tether.Cli.Presentation;
using Tether.Core.Identity;
using Tether.Scanner.Analyze;
using Tether.Scanner.Cache;
using Tether.Scanner.Files;

namespace Tether.Cli.Commands;

/// <summary>
/// <c>tether scan files IMAGE_DIGEST [--path P] [--executables]</c>: the file index of a scanned image (its layers'
/// indexes from the layer cache, stacked in the order the graph records), for binary-drift checks. A <c>--path</c> without
/// wildcards is looked up (symlinks resolved inside the image) and answered present, absent or unknown; with wildcards
/// (<c>*</c>, <c>**</c>, <c>?</c>) it filters the listing.
/// </summary>
public static class ScanFilesCommand
{
    public static Command Create()
    {
        var digest = new Argument<string>("IMAGE_DIGEST") { Description = "The image's manifest digest (sha256:…), as scanned." };
        var path = new Option<string?>("--path") { Description = "A path to look up (/usr/bin/openssl), or a glob to list (/usr/bin/*, /usr/**/lib*.so*)." };
        var executables = new Option<bool>("--executables") { Description = "List executable regular files only." };
        var cacheDir = new Option<string?>("--cache-dir") { Description = "Layer cache directory (default $XDG_CACHE_HOME/tether, else ~/.cache/tether)." };
        var output = CommonOptions.Output("table", "json");
        var command = new Command("files", "The file index of a scanned image: paths, sizes, modes, executables' sha256, installing layer.")
        {
            digest, path, executables, cacheDir, output,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var image = Digest.TryParse(parse.GetValue(digest), out var parsed)
                ? parsed
                : throw new CliError(ExitCode.BadInput, $"'{parse.GetValue(digest)}' is not a manifest digest (sha256:…).");
            await using var store = await StoreLocation.OpenAsync(parse.GetValue(CommonOptions.Db), TimeProvider.System, ct);
            var index = new ImageFileIndex(store, new LayerCache(parse.GetValue(cacheDir) ?? LayerCache.DefaultRoot(), Analyzers.All.Select(a => a.Name)));
            var wanted = parse.GetValue(path);
            var json = parse.GetValue(output) == "json";
            if (wanted is not null && wanted.IndexOfAny(['*', '?']) < 0)
            {
                var lookup = await index.LookupAsync(image, wanted, ct);
                PrintLookup(image, wanted, lookup, json);
                return lookup.Status == FileLookupStatus.Unknown ? ExitCode.NotFound : ExitCode.Ok;
            }

            var (files, problem) = await index.LoadAsync(image, ct);
            if (problem is not null)
            {
                throw new CliError(ExitCode.NotFound, problem);
            }

            var glob = wanted is null ? null : Glob(wanted);
            var listed = files.Where(f => (!parse.GetValue(executables) || f.IsExecutable) && (glob is null || glob.IsMatch(f.Path))).ToList();
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { image, files = listed.Select(View) }, JsonOutput.Options));
            }
            else
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumn("path").AddColumn("kind").AddColumn("size").AddColumn("mode").AddColumn("sha256").AddColumn("layer");
                foreach (var file in listed)
                {
                    table.AddRow(SafeText.Of("/" + file.Path), file.Kind.ToString().ToLowerInvariant(), file.Size.ToString(CultureInfo.InvariantCulture),
                        Mode(file.Mode), file.Sha256 ?? "", (file.Layer + 1).ToString(CultureInfo.InvariantCulture));
                }

                AnsiConsole.Write(table);
                Console.WriteLine($"{listed.Count} of {files.Count} files");
            }

            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }

    private static object View(IndexedFile file) => new
    {
        path = "/" + file.Path,
        kind = file.Kind.ToString().ToLowerInvariant(),
        size = file.Size,
        mode = Mode(file.Mode),
        sha256 = file.Sha256,
        linkTarget = file.LinkTarget,
        layer = file.Layer + 1,
        layerDiffId = file.LayerDiffId,
    };

    private static string Mode(int mode) => Convert.ToString(mode & 0xFFF, 8).PadLeft(4, '0');

    private static void PrintLookup(string image, string path, FileLookup lookup, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                image,
                path,
                status = lookup.Status.ToString().ToLowerInvariant(),
                resolved = "/" + lookup.Path,
                file = lookup.File is null ? null : View(lookup.File),
                reason = lookup.Reason,
            }, JsonOutput.Options));
            return;
        }

        Console.WriteLine(SafeText.Of(lookup switch
        {
            { Status: FileLookupStatus.Present, File: { } file } =>
                $"/{file.Path}: present, {file.Size} bytes, mode {Mode(file.Mode)}, sha256 {file.Sha256 ?? "(not an executable: not hashed)"}, layer {file.Layer + 1}",
            { Status: FileLookupStatus.Absent } => $"{path}: absent from {image} (resolved to /{lookup.Path})",
            _ => $"{path}: unknown: {lookup.Reason}",
        }));
    }

    /// <summary><c>*</c> within one path component, <c>**</c> across components, <c>?</c> one character; a leading <c>/</c> is optional.</summary>
    private static Regex Glob(string pattern)
    {
        var text = Regex.Escape(pattern.TrimStart('/'))
            .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
            .Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex($"^{text}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
