using System.Data.Common;
using System.Text.Json;
using Tether.Core.Access;

namespace Tether.Storage.Access;

/// <summary><see cref="IApiTokenStore"/> over portable SQL: table <c>api_tokens</c> (migration 3), scopes as a JSON list.</summary>
public class RelationalApiTokenStore(ISqlDialect dialect, TimeProvider time) : IApiTokenStore
{
    private const string Columns = "name, role, scopes, lookup_key, secret_hash, created_at, expires_at, revoked_at";

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await SchemaMigrator.MigrateAsync(connection, dialect, time, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> CreateAsync(ApiTokenRecord token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            $"INSERT INTO api_tokens ({Columns}) VALUES (@name, @role, @scopes, @lookup, @hash, @created, @expires, NULL) ON CONFLICT (name) DO NOTHING");
        command.Add("@name", token.Name);
        command.Add("@role", token.Role);
        command.Add("@scopes", JsonSerializer.Serialize(token.Scopes));
        command.Add("@lookup", token.LookupKey);
        command.Add("@hash", Convert.ToHexStringLower(token.SecretHash));
        command.Add("@created", token.CreatedAt.ToUnixMs());
        command.Add("@expires", token.ExpiresAt?.ToUnixMs());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<ApiTokenRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {Columns} FROM api_tokens ORDER BY name");
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ApiTokenRecord>> FindByLookupKeyAsync(string lookupKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lookupKey);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {Columns} FROM api_tokens WHERE lookup_key = @lookup");
        command.Add("@lookup", lookupKey);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RevokeAsync(string name, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("UPDATE api_tokens SET revoked_at = @at WHERE name = @name AND revoked_at IS NULL");
        command.Add("@at", at.ToUnixMs());
        command.Add("@name", name);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private static async Task<IReadOnlyList<ApiTokenRecord>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var result = new List<ApiTokenRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new ApiTokenRecord(
                reader.GetString(0),
                reader.GetString(1),
                JsonSerializer.Deserialize<string[]>(reader.GetString(2)) ?? [],
                reader.GetString(3),
                Convert.FromHexString(reader.GetString(4)),
                DbCommandExtensions.FromUnixMs(reader.GetInt64(5)),
                reader.IsDBNull(6) ? null : DbCommandExtensions.FromUnixMs(reader.GetInt64(6)),
                reader.IsDBNull(7) ? null : DbCommandExtensions.FromUnixMs(reader.GetInt64(7))));
        }

        return result;
    }
}
