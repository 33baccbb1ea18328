using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tether.Core.Access;
using Tether.Server.Access;

namespace Tether.Server.Api;

/// <summary>Token administration (admin only): list, create (the secret is in the answer, once), revoke.</summary>
public static class TokenEndpoints
{
    public sealed record CreateTokenRequest(string Name, string Role, IReadOnlyList<string>? Scopes, int? ExpiresInDays);

    public sealed record TokenView(string Name, string Role, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)
    {
        public static TokenView Of(ApiTokenRecord r) => new(r.Name, r.Role, r.Scopes, r.CreatedAt, r.ExpiresAt, r.RevokedAt);
    }

    public static RouteGroupBuilder MapTokens(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var tokens = api.MapGroup("/tokens").WithTags("tokens").RequireAuthorization(Policies.Administer);
        tokens.MapGet("", async (TokenIssuer issuer, CancellationToken ct) =>
            Results.Ok((await issuer.ListAsync(ct).ConfigureAwait(false)).Select(TokenView.Of))).WithName("ListTokens");
        tokens.MapPost("", async (CreateTokenRequest request, TokenIssuer issuer, CancellationToken ct) =>
        {
            if (request.ExpiresInDays is <= 0 or > 3650)
            {
                return ApiErrors.BadRequest("expiresInDays", "expiresInDays must be between 1 and 3650.");
            }

            try
            {
                var issued = await issuer.CreateAsync(request.Name, request.Role, request.Scopes ?? [],
                    request.ExpiresInDays is { } days ? TimeSpan.FromDays(days) : null, ct).ConfigureAwait(false);
                return Results.Created($"/api/v1/tokens/{issued.Record.Name}", new { token = TokenView.Of(issued.Record), secret = issued.Secret });
            }
            catch (ArgumentException e)
            {
                return ApiErrors.BadRequest(e.ParamName ?? "body", e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal));
            }
            catch (InvalidOperationException e)
            {
                return Results.Problem(detail: e.Message, statusCode: StatusCodes.Status409Conflict, title: "Conflict");
            }
        }).WithName("CreateToken");
        tokens.MapDelete("/{name}", async (string name, TokenIssuer issuer, CancellationToken ct) =>
            await issuer.RevokeAsync(name, ct).ConfigureAwait(false) ? Results.NoContent() : ApiErrors.NotFound($"no active token named '{name}'."))
            .WithName("RevokeToken");
        return api;
    }
}
