using System.CommandLine;
using Tether.Registry.Client;
using Tether.Registry.Client.Auth;

namespace Tether.Cli.Infrastructure;

/// <summary>How commands that read registries (sync, scan) are told to reach one: the same options, the same credentials rules.</summary>
public sealed class RegistryAccess
{
    public Option<bool> Insecure { get; } = new("--insecure")
    {
        Description = "Allow plain HTTP / unverified TLS for a registry that is not on loopback (loopback always uses plain HTTP).",
    };

    public Option<string?> Username { get; } = new("--username", "-u") { Description = "Registry user; the password is read from stdin (--password-stdin)." };

    public Option<bool> PasswordStdin { get; } = new("--password-stdin") { Description = "Read the password (or token) for --username from the first line of stdin." };

    public IEnumerable<Option> Options => [Insecure, Username, PasswordStdin];

    /// <summary>A client for <paramref name="registry"/> with the credentials the options (or Docker's config.json and helpers) give.</summary>
    public RegistryClient Client(string registry, ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new RegistryClient(registry, new RegistryClientOptions
        {
            Insecure = parse.GetValue(Insecure),
            Credentials = Credentials(parse.GetValue(Username), parse.GetValue(PasswordStdin)),
        });
    }

    private static ICredentialProvider Credentials(string? username, bool passwordStdin)
    {
        if (username is null)
        {
            return passwordStdin
                ? throw new CliError(ExitCode.BadInput, "--password-stdin needs --username.")
                : new DockerConfigCredentialProvider(DockerConfigCredentialProvider.DefaultConfigPath());
        }

        if (!passwordStdin)
        {
            throw new CliError(ExitCode.BadInput, "--username needs --password-stdin (passwords are never taken on the command line).");
        }

        var password = Console.In.ReadLine();
        return string.IsNullOrEmpty(password)
            ? throw new CliError(ExitCode.BadInput, "--password-stdin: stdin is empty.")
            : new StaticCredentialProvider(new RegistryCredential(username, password));
    }
}
