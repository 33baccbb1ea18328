using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tether.Cli.Infrastructure;
using Tether.Server.Access;

namespace Tether.Cli.Commands;

/// <summary>
/// <c>tether token create|list|revoke</c>: API tokens for <c>tether serve</c>. The secret is printed once at creation;
/// the store keeps only its SHA-256.
/// </summary>
public static class TokenCommands
{
    public static Command Create() => new("token", "API tokens for `tether serve` (roles viewer < analyst < admin).")
    {
        CreateToken(),
        List(),
        Revoke(),
    };

    private static Command CreateToken()
    {
        var name = new Option<string>("--name") { Description = "Token name (unique, never reused): [A-Za-z0-9._-], at most 64.", Required = true };
        var role = new Option<string>("--role") { Description = "viewer, analyst or admin.", Required = true };
        role.AcceptOnlyFromAmong(Roles.Viewer, Roles.Analyst, Roles.Admin);
        var scope = new Option<string[]>("--scope") { Description = "Restrict the token to a scope (ci-report: post CI reports and nothing else)." };
        scope.AcceptOnlyFromAmong([.. TokenIssuer.KnownScopes]);
        var expires = new Option<TimeSpan?>("--expires")
        {
            Description = "Lifetime (e.g. 90d, 12h); default: no expiry.",
            CustomParser = result => Durations.Parse(result.Tokens.Single().Value, result),
        };
        var output = CommonOptions.Output("table", "json");
        var command = new Command("create", "Create a token and print its secret (shown this once only).") { name, role, scope, expires, output };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            await using var store = await StoreLocation.OpenTokensAsync(parse.GetValue(CommonOptions.Db), TimeProvider.System, ct);
            IssuedToken issued;
            try
            {
                issued = await new TokenIssuer(store, TimeProvider.System).CreateAsync(
                    parse.GetValue(name)!, parse.GetValue(role)!, parse.GetValue(scope) ?? [], parse.GetValue(expires), ct);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                throw new CliError(ExitCode.BadInput, e.Message, e);
            }

            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(new { name = issued.Record.Name, role = issued.Record.Role, scopes = issued.Record.Scopes, expiresAt = issued.Record.ExpiresAt, secret = issued.Secret }, JsonOutput.Options));
                return ExitCode.Ok;
            }

            Console.WriteLine(issued.Secret);
            Console.Error.WriteLine($"token '{issued.Record.Name}' ({issued.Record.Role}{Scopes(issued.Record.Scopes)}) created" +
                (issued.Record.ExpiresAt is { } at ? $", expires {at.UtcDateTime:yyyy-MM-dd HH:mm}Z" : ", no expiry") + ". The secret above is not stored: keep it now.");
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command List()
    {
        var output = CommonOptions.Output("table", "json");
        var command = new Command("list", "List tokens (never their secrets).") { output };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            await using var store = await StoreLocation.OpenTokensAsync(parse.GetValue(CommonOptions.Db), TimeProvider.System, ct);
            var tokens = await store.ListAsync(ct);
            var now = TimeProvider.System.GetUtcNow();
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(tokens.Select(t => new { name = t.Name, role = t.Role, scopes = t.Scopes, createdAt = t.CreatedAt, expiresAt = t.ExpiresAt, revokedAt = t.RevokedAt, active = t.IsActiveAt(now) }), JsonOutput.Options));
                return ExitCode.Ok;
            }

            var table = new Table().AddColumn("name").AddColumn("role").AddColumn("scopes").AddColumn("created (UTC)").AddColumn("expires (UTC)").AddColumn("state");
            foreach (var t in tokens)
            {
                table.AddRow(Markup.Escape(t.Name), t.Role, Markup.Escape(string.Join(",", t.Scopes)), Time(t.CreatedAt), t.ExpiresAt is { } e ? Time(e) : "never",
                    t.RevokedAt is not null ? "revoked" : t.IsActiveAt(now) ? "active" : "expired");
            }

            AnsiConsole.Write(table);
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command Revoke()
    {
        var name = new Argument<string>("NAME") { Description = "The token to revoke." };
        var command = new Command("revoke", "Revoke a token: it stops working at once (its name stays taken).") { name };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            await using var store = await StoreLocation.OpenTokensAsync(parse.GetValue(CommonOptions.Db), TimeProvider.System, ct);
            if (!await new TokenIssuer(store, TimeProvider.System).RevokeAsync(parse.GetValue(name)!, ct))
            {
                throw new CliError(ExitCode.NotFound, $"no active token named '{parse.GetValue(name)}'.");
            }

            Console.WriteLine($"token '{parse.GetValue(name)}' revoked");
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }

    private static string Scopes(IReadOnlyList<string> scopes) => scopes.Count == 0 ? "" : $", scopes {string.Join(",", scopes)}";

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
