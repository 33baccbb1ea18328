using System.CommandLine;
using Tether.Cli.Infrastructure;
using Tether.Server;

namespace Tether.Cli.Commands;

/// <summary><c>tether serve</c>: the REST API and web UI over the store, until interrupted.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var listen = new Option<string[]>("--listen")
        {
            Description = "Address to listen on (repeatable). Default http://127.0.0.1:8080; use http://0.0.0.0:8080 inside a container.",
            DefaultValueFactory = _ => ["http://127.0.0.1:8080"],
        };
        var command = new Command("serve", "Serve the REST API and the web UI over the store.") { listen };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var location = StoreLocation.Resolve(parse.GetValue(CommonOptions.Db));
            await using var graph = await StoreLocation.OpenAsync(location, TimeProvider.System, ct);
            await using var advisories = await StoreLocation.OpenAdvisoriesAsync(location, TimeProvider.System, ct);
            var urls = parse.GetValue(listen) ?? [];
            await using var app = ServerHost.Build(new ServerSettings(urls), graph, advisories);
            await app.StartAsync(ct);
            foreach (var url in app.Urls)
            {
                Console.WriteLine($"Tether is serving {url} (store: {StoreLocation.Display(location)}); Ctrl-C stops it.");
            }

            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: a normal stop, not an interrupted batch.
            }

            await app.StopAsync(CancellationToken.None);
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }
}
