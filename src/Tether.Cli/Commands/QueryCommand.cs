using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tether.Cli.Configuration;
using Tether.Cli.Infrastructure;
using Tether.Core.Explore;
using Tether.Core.Explore.Syntax;

namespace Tether.Cli.Commands;

/// <summary><c>tether query</c>: the security explorer over the store (grammar and templates in docs/explorer.md).</summary>
public static class QueryCommand
{
    public static Command Create()
    {
        var text = new Argument<string?>("query") { Description = "The query in the text form, e.g. \"images where vulnerabilities(severity >= high)\".", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<FileInfo?>("--file", "-f") { Description = "Read the query from a JSON file (the JSON form)." };
        var template = new Option<string?>("--template", "-t") { Description = "Run a built-in template by name (see --list-templates)." };
        var list = new Option<bool>("--list-templates") { Description = "List the built-in templates and exit." };
        var limit = new Option<int>("--limit") { Description = "Rows to return at most (the total is always counted).", DefaultValueFactory = _ => QueryLimits.Default.MaxRows };
        var timeout = new Option<int>("--timeout") { Description = "Time budget in seconds.", DefaultValueFactory = _ => (int)QueryLimits.Default.Timeout.TotalSeconds };
        var output = CommonOptions.Output("table", "json");
        var command = new Command("query", "Explore the graph: entities matching conditions on their properties and related entities.\n" +
            "Exit 2 on a malformed query (with line:column and a caret).")
        {
            text, file, template, list, limit, timeout, output,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var json = parse.GetValue(output) == "json";
            if (parse.GetValue(list))
            {
                WriteTemplates(json);
                return ExitCode.Ok;
            }

            var limits = QueryLimits.Default with
            {
                MaxRows = parse.GetValue(limit) is > 0 and var rows ? rows : throw new CliError(ExitCode.BadInput, "--limit must be at least 1"),
                Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout) is > 0 and var seconds ? seconds : throw new CliError(ExitCode.BadInput, "--timeout must be at least 1 second")),
            };
            // The query is parsed and checked before the store is opened: a typo costs nothing.
            var (query, source) = Read(parse.GetValue(text), parse.GetValue(file), parse.GetValue(template), limits);
            var location = StoreLocation.Resolve(parse.GetValue(CommonOptions.Db));
            var settings = await RiskConfigFile.LoadAsync(parse.GetValue(CommonOptions.Config), ct);
            await using var store = await StoreLocation.OpenExistingAsync(location, TimeProvider.System, ct);
            QueryResult result;
            try
            {
                result = await new Explorer(store, settings).RunAsync(query, source, limits, ct);
            }
            catch (QueryTimeoutException e)
            {
                throw new CliError(ExitCode.Failure, e.Message, e);
            }

            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(result, JsonOutput.Options));
            }
            else
            {
                WriteTable(result);
            }

            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }

    private static (QuerySyntax Query, string? Text) Read(string? text, FileInfo? file, string? templateName, QueryLimits limits)
    {
        var given = (text is null ? 0 : 1) + (file is null ? 0 : 1) + (templateName is null ? 0 : 1);
        if (given != 1)
        {
            throw new CliError(ExitCode.BadInput, "give exactly one of: a query text, --file FILE.json, --template NAME (or --list-templates)");
        }

        try
        {
            if (file is not null)
            {
                var json = Explorer.ParseJson(File.ReadAllBytes(file.FullName), file.Name, limits);
                Explorer.Validate(json, null, limits);
                return (json, null);
            }

            var source = text ?? (QueryTemplates.Find(templateName!)
                ?? throw new CliError(ExitCode.BadInput, $"no template '{templateName}'; known: {string.Join(", ", QueryTemplates.All.Select(t => t.Name))}")).Query;
            var query = Explorer.ParseText(source, limits);
            Explorer.Validate(query, source, limits);
            return (query, source);
        }
        catch (QueryException e)
        {
            throw new CliError(ExitCode.BadInput, "malformed query at " + e.Message, e);
        }
    }

    private static void WriteTemplates(bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(QueryTemplates.All, JsonOutput.Options));
            return;
        }

        var table = new Table().AddColumn("template").AddColumn("description").AddColumn("query");
        foreach (var template in QueryTemplates.All)
        {
            table.AddRow(Markup.Escape(template.Name), Markup.Escape(template.Description), Markup.Escape(template.Query));
        }

        AnsiConsole.Write(table);
    }

    private static void WriteTable(QueryResult result)
    {
        var table = new Table().AddColumn(result.Entity).AddColumn("matched because");
        foreach (var row in result.Rows)
        {
            var why = string.Join("\n", row.Evidence.Select(e =>
                $"{e.Relation}: " + string.Join(", ", e.Matches.Select(m => m.Name)) + (e.Count > e.Matches.Count ? $" (+{e.Count - e.Matches.Count} more)" : "")));
            table.AddRow(Markup.Escape(row.Name == row.Key ? row.Key : $"{row.Name}\n{row.Key}"), Markup.Escape(why));
        }

        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(result.Query)}[/]");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Total} {result.Entity} matched{(result.Truncated ? $", first {result.Returned} shown (--limit)" : "")} in {result.ElapsedMilliseconds:0.#} ms"));
    }
}
