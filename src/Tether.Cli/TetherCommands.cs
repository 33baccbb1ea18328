using System.CommandLine;
using Tether.Cli.Commands;
using Tether.Cli.Infrastructure;

namespace Tether.Cli;

/// <summary>The command tree: one line per command; each command lives in its own file under Commands/.</summary>
public static class TetherCommands
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "Tether traces container vulnerabilities and threats from runtime to registry, pipeline and source.\n" +
            ExitCodes.Help)
        {
            CommonOptions.Db,
            CommonOptions.Config,
        };

        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(TraceCommand.Create());
        root.Subcommands.Add(VersionsCompareCommand.Create());
        root.Subcommands.Add(new Command("ci", "Commands that run as a CI step.") { CiReportCommand.Create() });
        root.Subcommands.Add(new Command("ingest", "Ingest files (provenance, CI reports, scanner reports, SBOMs, Kubernetes documents) into the store.")
        {
            IngestProvenanceCommand.Create(),
            IngestCiReportCommand.Create(),
            IngestReportCommand.Create(),
            IngestSbomCommand.Create(),
            IngestKubernetesCommand.Create(),
            IngestCloudCommand.Create(),
        });
        root.Subcommands.Add(new Command("collect", "Collect facts from live systems.") { CollectKubernetesCommand.Create() });
        root.Subcommands.Add(RegistrySyncCommand.Create());
        root.Subcommands.Add(DbCommands.Create());
        root.Subcommands.Add(VulnCommands.Create());
        root.Subcommands.Add(ScanCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(PathsCommand.Create());
        root.Subcommands.Add(RecommendCommand.Create());
        root.Subcommands.Add(QueryCommand.Create());
        root.Subcommands.Add(TokenCommands.Create());
        return root;
    }
}
