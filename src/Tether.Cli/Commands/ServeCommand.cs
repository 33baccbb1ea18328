using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Tether.Cli.Configuration;
using Tether.Cli.Infrastructure;
using Tether.Core.Errors;
using Tether.Server;
using Tether.Server.Configuration;

namespace Tether.Cli.Commands;

/// <summary><c>tether serve</c>: the REST API and web UI over the store, with the configured background collectors, until interrupted.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var listen = new Option<string[]>("--listen")
        {
            Description = "Address to listen on (repeatable; overrides the config file). Default http://127.0.0.1:8080; use http://0.0.0.0:8080 inside a container.",
        };
        var config = new Option<string?>("--server-config")
        {
            Description = "tether-serve.yaml: listen, limits, access, GitHub OIDC and collectors (see docs/server.md). Priority mappings and weights come from --config, as for every command.",
        };
        var command = new Command("serve", "Serve the REST API and the web UI over the store; run the configured collectors.") { listen, config };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var settings = new ServerSettings(["http://127.0.0.1:8080"]);
            if (parse.GetValue(config) is { } path)
            {
                var yaml = File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : throw new InputException(path, null, "no such file.");
                settings = ServeConfigFile.Read(yaml, path, settings);
            }

            settings = settings with { Risk = await RiskConfigFile.LoadAsync(parse.GetValue(CommonOptions.Config), ct) };
            if (parse.GetValue(listen) is { Length: > 0 } urls)
            {
                settings = settings with { Urls = urls };
            }

            var location = StoreLocation.Resolve(parse.GetValue(CommonOptions.Db));
            await using var graph = await StoreLocation.OpenAsync(location, TimeProvider.System, ct);
            await using var advisories = await StoreLocation.OpenAdvisoriesAsync(location, TimeProvider.System, ct);
            await using var tokens = await StoreLocation.OpenTokensAsync(location, TimeProvider.System, ct);
            await using var leases = await StoreLocation.OpenLeasesAsync(location, TimeProvider.System, ct);
            await using var app = ServerHost.Build(settings, new ServerStores(graph, advisories, tokens, leases));
            await app.StartAsync(ct);
            foreach (var url in app.Urls)
            {
                Console.WriteLine($"Tether is serving {url} (store: {StoreLocation.Display(location)}); Ctrl-C stops it.");
            }

            // Until Ctrl-C (ct) or SIGTERM (docker stop, kubectl, systemd): the host's console lifetime takes SIGTERM, holds
            // off the process exit and stops the application, so waiting on ct alone never ends. Either way a normal stop.
            await app.WaitForShutdownAsync(ct);
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }
}
