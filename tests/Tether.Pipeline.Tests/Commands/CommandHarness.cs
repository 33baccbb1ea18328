using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Tether.Cli;
using Tether.Testing;
using Xunit;

namespace Tether.Pipeline.Tests.Commands;

/// <summary>The command tests share the process console and the CLI's static options: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CommandCollection
{
    public const string Name = "tether commands";
}

internal static class CommandHarness
{
    public static Task<int> RunAsync(params string[] args) => TetherCommands.Build().Parse(args).InvokeAsync();

    /// <summary>The real push run's environment, with its event file where the test can read it and OIDC variables for <paramref name="oidcUrl"/>.</summary>
    public static string WriteEnvironment(TempDirectory dir, Uri? oidcUrl)
    {
        var lines = File.ReadAllLines(TestData.Shared("ci", "ghactx_push.env"))
            .Select(line => line.StartsWith("GITHUB_EVENT_PATH=", StringComparison.Ordinal)
                ? "GITHUB_EVENT_PATH=" + TestData.Shared("ci", "ghactx_push_event.json")
                : line)
            .ToList();
        if (oidcUrl is not null)
        {
            lines.Add("ACTIONS_ID_TOKEN_REQUEST_URL=" + oidcUrl);
            lines.Add("ACTIONS_ID_TOKEN_REQUEST_TOKEN=" + Fakes.FakeSaasServer.OidcRequestToken);
        }

        var path = dir.File("ci.env");
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>A loopback URL nothing listens on: a port that was just free.</summary>
    public static Uri UnreachableServer()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    public static void ClearPools() => SqliteConnection.ClearAllPools();
}
