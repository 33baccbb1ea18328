using Npgsql;

namespace Tether.Testing;

/// <summary>
/// A fresh database on the test PostgreSQL server (<c>TETHER_TEST_PG</c>, started by scripts/postgres.sh), created
/// with a random name and dropped on dispose, so test classes run in parallel without seeing each other's data.
/// Without the server the tests fail saying how to start it: a silently skipped backend would look green.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly NpgsqlConnectionStringBuilder _server;

    private PostgresTestDatabase(NpgsqlConnectionStringBuilder server, string name)
    {
        _server = server;
        Name = name;
        Url = $"postgres://{Uri.EscapeDataString(server.Username!)}:{Uri.EscapeDataString(server.Password ?? "")}@{server.Host}:{server.Port}/{name}";
        ConnectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>The database as a <c>postgres://</c> URL (what users pass to <c>--db</c>).</summary>
    public string Url { get; }

    /// <summary>The database in Npgsql keyword form.</summary>
    public string ConnectionString { get; }

    /// <summary>The server URL from <c>TETHER_TEST_PG</c>, or an exception telling how to start one.</summary>
    public static string ServerUrl() =>
        Environment.GetEnvironmentVariable("TETHER_TEST_PG") is { Length: > 0 } url
            ? url
            : throw new InvalidOperationException(
                "TETHER_TEST_PG is not set: the PostgreSQL backend tests need a real server. " +
                "Run `eval \"$(scripts/postgres.sh start)\"` (or scripts/test.sh, which does it) and run the tests again.");

    public static async Task<PostgresTestDatabase> CreateAsync(CancellationToken cancellationToken = default)
    {
        var server = Parse(ServerUrl());
        var name = $"tether_test_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'", connection);
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new PostgresTestDatabase(server, name);
    }

    /// <summary>A new empty schema in this database, as a connection string whose search path starts there.</summary>
    public async Task<string> CreateSchemaAsync(CancellationToken cancellationToken = default)
    {
        var schema = $"s_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server.ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static NpgsqlConnectionStringBuilder Parse(string url)
    {
        var uri = new Uri(url);
        var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
        return new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port > 0 ? uri.Port : 5432,
            Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]),
            Password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]),
            Database = "postgres",
        };
    }
}
