using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tether.Cli.Infrastructure;
using Tether.Core.Graph;
using Tether.Core.Identity;
using Tether.Pipeline.Provenance;
using Tether.Registry;
using Tether.Registry.Client;
using Tether.Registry.Client.Layout;
using Tether.Registry.Sync;

namespace Tether.Cli.Commands;

/// <summary>
/// <c>tether registry sync REGISTRY[/REPO] | oci:DIR --as REGISTRY/REPO</c>: reads tags, manifests, configs, OCI
/// labels and BuildKit attestations and stores one batch per repository.
/// </summary>
public static class RegistrySyncCommand
{
    private const int MaxSkippedShown = 20;

    public static Command Create()
    {
        var target = new Argument<string>("target")
        {
            Description = "REGISTRY (every repository in its catalog), REGISTRY/REPO (one repository), or oci:DIR (an OCI image layout, with --as).",
        };
        var tags = new Option<string[]>("--tag", "-t")
        {
            Description = "Sync only this tag (repeatable); fetched directly, without listing tags.",
        };
        var access = new RegistryAccess();
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "Tags resolved at once (across repositories).",
            DefaultValueFactory = _ => 4,
        };
        var refetch = new Option<bool>("--refetch")
        {
            Description = "Fetch manifests, configs and attestations again even for digests an earlier sync stored whole.",
        };
        var alias = new Option<string?>("--as") { Description = "For oci:DIR: the REGISTRY/REPO to record the layout's images under." };
        var scan = new Option<bool>("--scan") { Description = "Also scan (tether scan) the platform images not scanned before: packages per layer, matched against the advisory database." };
        var scanConcurrency = new Option<int>("--scan-concurrency") { Description = "Images scanned at once with --scan.", DefaultValueFactory = _ => 2 };
        var output = CommonOptions.Output("table", "json");

        var sync = new Command("sync", "Read a registry's (or an OCI layout's) tags, manifests, configs, OCI labels and BuildKit attestations into the store, one batch per repository.")
        {
            target, tags, concurrency, refetch, alias, scan, scanConcurrency, output,
        };
        foreach (var option in access.Options)
        {
            sync.Options.Add(option);
        }

        sync.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            if (parse.GetValue(concurrency) is < 1 or > 64)
            {
                throw new CliError(ExitCode.BadInput, "--concurrency must be between 1 and 64.");
            }

            if (parse.GetValue(tags)?.FirstOrDefault(t => !RepositoryNames.IsValidTag(t)) is { } badTag)
            {
                throw new CliError(ExitCode.BadInput, $"--tag '{badTag}' is not a tag ([A-Za-z0-9_][A-Za-z0-9._-], at most 128 characters).");
            }

            var (source, repository) = OpenSource(parse.GetValue(target)!, parse.GetValue(alias), access, parse);
            using var disposable = source as IDisposable;
            await using var store = await StoreLocation.OpenAsync(parse.GetValue(CommonOptions.Db), TimeProvider.System, ct);
            using var registrySync = new RegistrySync(source, new RegistrySyncOptions
            {
                Tags = parse.GetValue(tags),
                Concurrency = parse.GetValue(concurrency),
                Time = TimeProvider.System,
                // SLSA provenance in BuildKit attestations becomes pipeline run and commit facts.
                Provenance = new ProvenanceReader(),
                Known = parse.GetValue(refetch) ? null : new StoredImages(store),
                // A registry's tag list is the whole truth about its tags; an OCI layout recorded under its name is not.
                EndUnlistedTags = source is RegistryClient,
            });

            var json = parse.GetValue(output) == "json";
            var report = await RunAsync(registrySync, store, source.Registry, repository, showProgress: !json && !Console.IsOutputRedirected, ct);
            if (parse.GetValue(scan))
            {
                var images = report.Repositories.SelectMany(r => r.PlatformImages.Select(d => (r.Repository, d))).ToList();
                report = report with
                {
                    Scan = await RegistryScan.RunAsync(source, store, parse.GetValue(CommonOptions.Db), images, Math.Clamp(parse.GetValue(scanConcurrency), 1, 16), ct),
                };
            }

            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(report, JsonOutput.Options));
            }
            else
            {
                PrintTable(report);
                if (report.Scan is { } scanned)
                {
                    Console.WriteLine(RegistryScan.Line(scanned));
                }
            }

            foreach (var failure in report.Failed)
            {
                Console.Error.WriteLine($"error: {failure.Error}");
            }

            return report.Failed.Count == 0 ? ExitCode.Ok : ExitCode.RemoteError;
        }, cancellationToken));

        return new Command("registry", "Container registries: sync references, manifests and attestations into the store.") { sync };
    }

    private static (IContentSource Source, string? Repository) OpenSource(string target, string? alias, RegistryAccess access, ParseResult parse)
    {
        try
        {
            if (target.StartsWith("oci:", StringComparison.Ordinal))
            {
                if (string.IsNullOrWhiteSpace(alias) || !alias.Contains('/', StringComparison.Ordinal))
                {
                    throw new CliError(ExitCode.BadInput, "oci:DIR needs --as REGISTRY/REPO (where the layout's images are to be recorded).");
                }

                var (registry, repository) = SplitTarget(alias);
                return (new OciLayoutSource(target[4..], registry, repository!), repository);
            }

            if (alias is not null)
            {
                throw new CliError(ExitCode.BadInput, "--as applies to oci:DIR targets only.");
            }

            var (host, repo) = SplitTarget(target);
            return (access.Client(host, parse), repo);
        }
        catch (FormatException e)
        {
            throw new CliError(ExitCode.BadInput, e.Message, e);
        }
    }

    /// <summary>REGISTRY[/REPO]: the first path component is always the registry (Docker Hub's short names normalized).</summary>
    private static (string Registry, string? Repository) SplitTarget(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var registry = RegistryEndpoint.Parse(slash < 0 ? text : text[..slash]).Registry;
        if (slash < 0)
        {
            return (registry, null);
        }

        var repository = text[(slash + 1)..].TrimEnd('/');
        if (registry == ImageName.DockerHub && !repository.Contains('/', StringComparison.Ordinal))
        {
            repository = "library/" + repository;
        }

        return RepositoryNames.IsValid(repository)
            ? (registry, repository)
            : throw new FormatException($"'{repository}' is not a repository name (lower-case path components of [a-z0-9._-]; no tag — use --tag).");
    }

    private static async Task<SyncReport> RunAsync(RegistrySync sync, IGraphStore store, string registry, string? repository, bool showProgress, CancellationToken ct)
    {
        IReadOnlyList<string> repositories;
        try
        {
            repositories = repository is not null ? [repository] : await sync.ListRepositoriesAsync(ct);
        }
        catch (RegistryException e)
        {
            throw new CliError(ExitCode.RemoteError, e.Message, e);
        }

        var reports = new RepositoryReport?[repositories.Count];
        var failures = new List<FailureReport>();
        var storeGate = new SemaphoreSlim(1, 1);

        async Task SyncOneAsync(int i, IProgress<SyncProgress>? progress, CancellationToken token)
        {
            RepositorySyncResult result;
            try
            {
                result = await sync.SyncRepositoryAsync(repositories[i], progress, token);
            }
            catch (RegistryException e) when (repository is null)
            {
                // One unreadable repository must not cost the others; it is reported and the exit code says so.
                lock (failures)
                {
                    failures.Add(new FailureReport(repositories[i], e.Message));
                }

                return;
            }
            catch (RegistryException e)
            {
                throw new CliError(ExitCode.RemoteError, e.Message, e);
            }

            await storeGate.WaitAsync(token);
            try
            {
                var summary = await store.IngestAsync(result.Batch, token);
                reports[i] = RepositoryReport.From(result, summary);
            }
            finally
            {
                storeGate.Release();
            }
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct };
        if (showProgress && repositories.Count > 0)
        {
            await AnsiConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var repositoriesTask = context.AddTask($"repositories of {Markup.Escape(registry)}", maxValue: repositories.Count);
                    var tagsTask = context.AddTask("tags", maxValue: 0);
                    var totals = new Dictionary<string, int>(StringComparer.Ordinal);
                    var progress = new Progress<SyncProgress>(p =>
                    {
                        lock (totals)
                        {
                            if (p.TagsDone == 0)
                            {
                                totals[p.Repository] = p.TagsTotal;
                                tagsTask.MaxValue = Math.Max(1, totals.Values.Sum());
                            }
                            else
                            {
                                tagsTask.Increment(1);
                            }
                        }
                    });
                    await Parallel.ForEachAsync(Enumerable.Range(0, repositories.Count), parallel, async (i, token) =>
                    {
                        await SyncOneAsync(i, progress, token);
                        repositoriesTask.Increment(1);
                    });
                });
        }
        else
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, repositories.Count), parallel, (i, token) => new ValueTask(SyncOneAsync(i, null, token)));
        }

        return new SyncReport(registry, [.. reports.OfType<RepositoryReport>()], [.. failures.OrderBy(f => f.Repository, StringComparer.Ordinal)]);
    }

    private static void PrintTable(SyncReport report)
    {
        var table = new Table()
            .AddColumn("reference")
            .AddColumn("digest")
            .AddColumn("platforms")
            .AddColumn(new TableColumn("attestations").RightAligned());
        foreach (var repository in report.Repositories)
        {
            foreach (var tag in repository.Tags)
            {
                table.AddRow(
                    Markup.Escape($"{report.Registry}/{repository.Repository}:{tag.Tag}"),
                    Markup.Escape(tag.Digest),
                    Markup.Escape(string.Join(", ", tag.Platforms)),
                    tag.AlreadyStored ? "[grey]stored[/]" : tag.Attestations.ToString(CultureInfo.InvariantCulture));
            }
        }

        if (table.Rows.Count > 0)
        {
            AnsiConsole.Write(table);
        }

        var skipped = report.Repositories.SelectMany(r => r.Skipped).ToList();
        foreach (var item in skipped.Take(MaxSkippedShown))
        {
            AnsiConsole.MarkupLine($"[grey]skipped {Markup.Escape(item.Reference)}: {Markup.Escape(item.Reason)}[/]");
        }

        if (skipped.Count > MaxSkippedShown)
        {
            AnsiConsole.MarkupLine($"[grey]… and {skipped.Count - MaxSkippedShown} more skipped (see --output json).[/]");
        }

        var tags = report.Repositories.Sum(r => r.Tags.Count);
        AnsiConsole.MarkupLine(
            $"stored {report.Repositories.Count} repositories, {tags} tags, {report.Repositories.Sum(r => r.Images)} images, " +
            $"{report.Repositories.Sum(r => r.Attestations)} attestations, {report.Repositories.Sum(r => r.SourceLinks.Count)} source links: " +
            $"{report.Repositories.Sum(r => r.Stored.NodesCreated)} nodes created, {report.Repositories.Sum(r => r.Stored.NodesUpdated)} updated, " +
            $"{report.Repositories.Sum(r => r.Stored.EdgesStored)} edges" +
            (report.Failed.Count > 0 ? $"; [red]{report.Failed.Count} repositories failed[/]" : ""));
    }

    private sealed record SyncReport(string Registry, IReadOnlyList<RepositoryReport> Repositories, IReadOnlyList<FailureReport> Failed)
    {
        /// <summary>What <c>--scan</c> did; null without it.</summary>
        public RegistryScanReport? Scan { get; init; }
    }

    private sealed record RepositoryReport(
        string Repository,
        IReadOnlyList<SyncedTag> Tags,
        int Images,
        int Attestations,
        IReadOnlyList<string> SourceLinks,
        IReadOnlyList<SkippedItem> Skipped,
        IngestSummary Stored)
    {
        /// <summary>Platform images (not indexes) the sync read or found already stored: what <c>--scan</c> considers.</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public IReadOnlyList<string> PlatformImages { get; init; } = [];

        public static RepositoryReport From(RepositorySyncResult result, IngestSummary summary) =>
            new(result.Repository, result.Tags, result.Images, result.Attestations, result.SourceLinks, result.Skipped, summary)
            {
                PlatformImages = [.. result.Batch.Nodes.OfType<Core.Model.ImageFacts>().Where(i => i.IsIndex == false).Select(i => i.Digest)
                    .Concat(result.Tags.Where(t => t.AlreadyStored && !t.IsIndex).Select(t => t.Digest)).Distinct(StringComparer.Ordinal)],
            };
    }

    private sealed record FailureReport(string Repository, string Error);
}
