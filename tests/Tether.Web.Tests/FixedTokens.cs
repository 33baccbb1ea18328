using Tether.Server.Access;

namespace Tether.Web.Tests;

/// <summary>Three fixed tokens, one per role, standing in for the server's token store in these tests.</summary>
public sealed class FixedTokens : ITokenValidator
{
    public const string Viewer = "tok-viewer-3f1a";
    public const string Analyst = "tok-analyst-8c2d";
    public const string Admin = "tok-admin-5e9b";

    public ValueTask<TokenIdentity?> ValidateAsync(string token, CancellationToken cancellationToken) =>
        ValueTask.FromResult<TokenIdentity?>(token switch
        {
            Viewer => new TokenIdentity("dashboard", Roles.Viewer, []),
            Analyst => new TokenIdentity("alice", Roles.Analyst, []),
            Admin => new TokenIdentity("root", Roles.Admin, []),
            _ => null,
        });
}
