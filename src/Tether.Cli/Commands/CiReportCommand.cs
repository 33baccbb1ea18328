using System.CommandLine;
using System.Reflection;
using System.Text.Json;
using Spectre.Console;
using Tether.Cli.Infrastructure;
using Tether.Core.Errors;
using Tether.Core.Graph;
using Tether.Pipeline.CiReport;
using Tether.Pipeline.CiReport.Collect;
using Tether.Pipeline.CiReport.Parse;
using Tether.Pipeline.CiReport.Payload;
using Tether.Pipeline.CiReport.Submit;
using Tether.Pipeline.Collect;

namespace Tether.Cli.Commands;

/// <summary>
/// <c>tether ci report</c>: run as a CI step after the image is pushed. Reports the run, commit, pushed image digests
/// and Dockerfile to a Tether server (<c>--server</c>), a file (<c>--output-file</c>) and/or the local store.
/// </summary>
public static class CiReportCommand
{
    public static Command Create()
    {
        var images = new Option<string[]>("--image") { Description = "A pushed image as REF@sha256:DIGEST (repeatable).", AllowMultipleArgumentsPerToken = false };
        var metadata = new Option<string[]>("--metadata-file") { Description = "`docker buildx build|bake --metadata-file` output (build-push-action's `metadata`) (repeatable)." };
        var dockerfile = new Option<string?>("--dockerfile") { Description = "The Dockerfile the image was built from; parsed for stages, base image and instruction lines." };
        var context = new Option<string?>("--context") { Description = "The build context directory (recorded with the Dockerfile)." };
        var buildArgs = new Option<string[]>("--build-arg") { Description = "KEY=VALUE passed to the build, used to resolve ARGs in FROM lines (repeatable)." };
        var server = new Option<string?>("--server") { Description = "Tether server URL; the report is POSTed to SERVER/api/v1/ci-reports." };
        var token = new Option<string?>("--token") { Description = "Bearer token for --server (default $TETHER_TOKEN)." };
        var oidc = new Option<bool>("--oidc") { Description = "Authenticate to --server with a GitHub Actions OIDC token (needs `permissions: id-token: write`)." };
        var audience = new Option<string>("--audience") { Description = "Audience of the OIDC token.", DefaultValueFactory = _ => GitHubOidcTokenClient.DefaultAudience };
        var outputFile = new Option<string?>("--output-file") { Description = "Write the report payload (JSON) to this file." };
        var envFile = new Option<string?>("--env-file") { Description = "Read CI variables from a KEY=VALUE file instead of the process environment (replay a run)." };
        var output = CommonOptions.Output("table", "json");
        var command = new Command("report",
            "Report this CI run (GitHub Actions or Azure Pipelines): commit, pushed image digests, Dockerfile. " +
            "Sends to --server, writes --output-file, and stores into the local store when --db is given or no other destination is.")
        {
            images, metadata, dockerfile, context, buildArgs, server, token, oidc, audience, outputFile, envFile, output,
        };

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var time = TimeProvider.System;
            var environment = parse.GetValue(envFile) is { } envPath
                ? EnvironmentDump.Parse(await BoundedFile.ReadAsync(envPath, envPath, EnvironmentDump.MaxBytes, ct), envPath)
                : CiReportCollector.ProcessEnvironment();
            var request = new CiReportRequest
            {
                Images = parse.GetValue(images) ?? [],
                MetadataFiles = parse.GetValue(metadata) ?? [],
                Dockerfile = parse.GetValue(dockerfile),
                Context = parse.GetValue(context),
                BuildArgs = ParseBuildArgs(parse.GetValue(buildArgs) ?? []),
                Generator = "tether " + (typeof(CiReportCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev"),
            };

            // Everything is read and checked before anything leaves the machine or touches the store.
            var collection = await CiReportCollector.CollectAsync(request, environment, Directory.GetCurrentDirectory(), ct);
            var payload = CiReportBuilder.Build(collection.Inputs, time.GetUtcNow());
            var bytes = CiReportJson.Serialize(payload);
            var batch = CiReportIngest.ToBatch(bytes, "ci report", time.GetUtcNow());
            foreach (var warning in collection.Warnings)
            {
                Console.Error.WriteLine("warning: " + warning);
            }

            var serverUri = ServerUri(parse.GetValue(server));
            var file = parse.GetValue(outputFile);
            var db = parse.GetValue(CommonOptions.Db);
            if (file is not null)
            {
                await File.WriteAllBytesAsync(file, bytes, ct);
            }

            string? serverAnswer = null;
            if (serverUri is not null)
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
                var bearer = parse.GetValue(oidc)
                    ? await new GitHubOidcTokenClient(http).GetTokenAsync(environment, parse.GetValue(audience)!, ct)
                    : parse.GetValue(token) ?? environment.GetValueOrDefault("TETHER_TOKEN")
                        ?? throw new CliError(ExitCode.BadInput, "--server needs --token, TETHER_TOKEN or --oidc.");
                serverAnswer = await new CiReportClient(http).SubmitAsync(serverUri, bearer, bytes, ct);
            }

            IngestSummary? stored = null;
            string? storeLocation = null;
            if (db is not null || (serverUri is null && file is null))
            {
                storeLocation = StoreLocation.Display(StoreLocation.Resolve(db));
                await using var store = await StoreLocation.OpenAsync(db, time, ct);
                stored = await store.IngestAsync(batch, ct);
            }

            Print(parse.GetValue(output) == "json", payload, batch, file, serverUri, serverAnswer, storeLocation, stored);
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }

    private static Uri? ServerUri(string? value)
    {
        if (value is null)
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? uri
            : throw new InputException("--server", null, $"'{value}' is not an http(s) URL.");
    }

    private static Dictionary<string, string> ParseBuildArgs(string[] values)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new InputException("--build-arg", null, $"'{value}' is not KEY=VALUE.");
            }

            args[value[..equals]] = value[(equals + 1)..];
        }

        return args;
    }

    private static void Print(bool json, CiReportPayload payload, GraphBatch batch, string? file, Uri? server, string? serverAnswer, string? storeLocation, IngestSummary? stored)
    {
        var run = batch.Nodes.First(n => n.Kind == NodeKinds.PipelineRun);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                run = run.Key,
                url = payload.Run.Url,
                commit = payload.Commit.Sha,
                images = payload.Images.Select(i => new { digest = i.Digest, names = i.Names }),
                dockerfile = payload.Dockerfile is { } d ? new { path = d.Path, baseImage = d.BaseImage, contentDigest = d.ContentDigest } : null,
                outputFile = file,
                server = server?.ToString(),
                serverAnswer,
                store = storeLocation,
                stored,
            }, JsonOutput.Options));
            return;
        }

        AnsiConsole.MarkupLine($"run [bold]{Markup.Escape(run.Key)}[/] · commit {Markup.Escape(payload.Commit.Sha)}");
        foreach (var image in payload.Images)
        {
            AnsiConsole.MarkupLine($"  image {Markup.Escape(image.Digest)} {Markup.Escape(string.Join(", ", image.Names))}");
        }

        if (payload.Dockerfile is { } dockerfile)
        {
            AnsiConsole.MarkupLine($"  dockerfile {Markup.Escape(dockerfile.Path)} · base {Markup.Escape(dockerfile.BaseImage ?? "(none)")} · {dockerfile.Instructions.Count} instructions");
        }

        if (file is not null)
        {
            AnsiConsole.MarkupLine($"wrote {Markup.Escape(file)}");
        }

        if (server is not null)
        {
            AnsiConsole.MarkupLine($"sent to {Markup.Escape(CiReportClient.EndpointFor(server).ToString())}");
        }

        if (stored is not null)
        {
            AnsiConsole.MarkupLine(
                $"stored in {Markup.Escape(storeLocation!)}: {stored.NodesCreated} nodes created, {stored.NodesUpdated} updated, {stored.EdgesStored} edges");
        }
    }
}
