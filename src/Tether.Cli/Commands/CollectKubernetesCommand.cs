using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tether.Cli.Infrastructure;
using Tether.Kubernetes.Collect;

namespace Tether.Cli.Commands;

/// <summary>
/// <c>tether collect k8s --context CTX [--context CTX2 …] [--kubeconfig PATH] [--namespace NS] [--watch [--for DURATION]]</c>:
/// reads live clusters and stores one snapshot batch per cluster; with --watch, then follows pod changes.
/// </summary>
public static class CollectKubernetesCommand
{
    public static Command Create()
    {
        var contexts = new Option<string[]>("--context")
        {
            Description = "Kube context to collect; repeat for several clusters (each is named after its context). Default: the current context.",
        };
        var cluster = new Option<string?>("--cluster")
        {
            Description = "Name for the cluster when collecting one context (default: the context's name).",
        };
        var kubeconfig = new Option<string?>("--kubeconfig")
        {
            Description = "kubeconfig file (default $KUBECONFIG, else ~/.kube/config).",
        };
        var ns = new Option<string?>("--namespace", "-n")
        {
            Description = "Collect one namespace only (needs no cluster-wide list rights).",
        };
        var watch = new Option<bool>("--watch")
        {
            Description = "After the collect, follow pod changes (ADDED/MODIFIED stored, DELETED ended) until interrupted.",
        };
        var duration = new Option<TimeSpan?>("--for")
        {
            Description = "With --watch: stop after this long (e.g. 30s, 10m, 2h).",
            CustomParser = result => Durations.Parse(result.Tokens.Single().Value, result),
        };
        var output = CommonOptions.Output("table", "json");
        var command = new Command("k8s", "Collect namespaces, pods, workloads, services, ingresses, network policies and service accounts from live clusters.")
        {
            contexts, cluster, kubeconfig, ns, watch, duration, output,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var targets = await KubeContexts.ResolveAsync(parse.GetValue(kubeconfig), parse.GetValue(contexts) ?? [], ct);
            if (parse.GetValue(cluster) is { } name)
            {
                if (targets.Count != 1)
                {
                    throw new CliError(ExitCode.BadInput, "--cluster names one cluster; with several --context options each cluster is named after its context.");
                }

                Kubernetes.ClusterNames.Validate(name, "--cluster");
                targets = [targets[0] with { Cluster = name }];
            }

            var json = parse.GetValue(output) == "json";
            var namespaceName = parse.GetValue(ns);
            await using var store = await StoreLocation.OpenAsync(parse.GetValue(CommonOptions.Db), TimeProvider.System, ct);
            var collector = new KubernetesCollector(store, TimeProvider.System);
            var collections = new List<ClusterCollection>();
            foreach (var target in targets)
            {
                var collection = await collector.CollectAsync(target, namespaceName, ct);
                collections.Add(collection);
                if (!json)
                {
                    Print(collection);
                }
            }

            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(
                    collections.Select(c => new { cluster = c.Cluster, objects = c.ObjectsByKind, unavailable = c.Unavailable, unresolved = c.Unresolved, stored = c.Stored }),
                    JsonOutput.Options));
            }

            if (!parse.GetValue(watch))
            {
                return ExitCode.Ok;
            }

            using var window = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (parse.GetValue(duration) is { } limit)
            {
                window.CancelAfter(limit);
            }

            var progress = new Progress<PodChange>(change => Console.WriteLine(
                $"{change.Type} pod {change.Cluster}/{change.Pod} (nodes created {change.Stored.NodesCreated}, updated {change.Stored.NodesUpdated}, ended {change.Stored.NodesEnded})"));
            await Task.WhenAll(targets.Select((target, i) => collector.WatchAsync(target, namespaceName, collections[i], progress: progress, cancellationToken: window.Token)));
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }

    private static void Print(ClusterCollection collection)
    {
        var table = new Table().Title($"cluster {Markup.Escape(collection.Cluster)}").AddColumn("kind").AddColumn(new TableColumn("objects").RightAligned());
        foreach (var (kind, count) in collection.ObjectsByKind.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(kind), count.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        foreach (var kind in collection.Unavailable)
        {
            AnsiConsole.MarkupLine($"[yellow]warning:[/] could not list {Markup.Escape(kind)} (forbidden or not served); stored ones of that kind were left as they were.");
        }

        var stored = collection.Stored;
        AnsiConsole.MarkupLine($"stored: {stored.NodesCreated} nodes created, {stored.NodesUpdated} updated, {stored.EdgesStored} edges, {stored.NodesEnded} ended");
    }
}
