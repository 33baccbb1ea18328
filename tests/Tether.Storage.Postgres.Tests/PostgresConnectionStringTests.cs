using Npgsql;
using Tether.Core.Errors;
using Xunit;

namespace Tether.Storage.Postgres.Tests;

/// <summary>The forms --db / TETHER_DB accept for PostgreSQL, and that no message or display repeats the password.</summary>
public sealed class PostgresConnectionStringTests
{
    [Theory]
    [InlineData("postgres://tether:s3cret@db.example.com:6543/graph", "db.example.com", 6543, "graph", "tether", "s3cret")]
    [InlineData("postgresql://tether:s3cret@db.example.com/graph", "db.example.com", 5432, "graph", "tether", "s3cret")]
    [InlineData("postgres://app%40corp:p%3Aw%2Fd%40x@10.0.0.5:5432/tether%20prod", "10.0.0.5", 5432, "tether prod", "app@corp", "p:w/d@x")]
    [InlineData("postgres://tether@[::1]:5433/graph", "::1", 5433, "graph", "tether", null)]
    [InlineData("Host=db.example.com;Port=6543;Database=graph;Username=tether;Password=s3cret", "db.example.com", 6543, "graph", "tether", "s3cret")]
    public void URLs_and_keyword_strings_become_Npgsql_settings(string location, string host, int port, string database, string user, string? password)
    {
        Assert.True(PostgresConnectionString.IsPostgres(location));
        var parsed = new NpgsqlConnectionStringBuilder(PostgresConnectionString.ToNpgsql(location));
        Assert.Equal((host, port, database, user, password), (parsed.Host, parsed.Port, parsed.Database, parsed.Username, parsed.Password));
    }

    [Fact]
    public void URL_parameters_map_to_their_Npgsql_settings()
    {
        var parsed = new NpgsqlConnectionStringBuilder(PostgresConnectionString.ToNpgsql(
            "postgres://u:p@h/d?sslmode=verify-full&application_name=tether-serve&connect_timeout=7"));
        Assert.Equal((SslMode.VerifyFull, "tether-serve", 7), (parsed.SslMode, parsed.ApplicationName, parsed.Timeout));
    }

    [Theory]
    [InlineData("/var/lib/tether/tether.db")]
    [InlineData("tether.db")]
    [InlineData("Data Source=x.db")]
    public void File_paths_are_not_PostgreSQL(string location) => Assert.False(PostgresConnectionString.IsPostgres(location));

    [Theory]
    [InlineData("postgres://tether:s3cret@db.example.com:6543/graph", "postgres://tether@db.example.com:6543/graph")]
    [InlineData("postgresql://tether:s3cret@[::1]/graph", "postgresql://tether@[::1]:5432/graph")]
    [InlineData("Host=db.example.com;Database=graph;Username=tether;Password=s3cret", "Host=db.example.com;Database=graph;Username=tether")]
    [InlineData("Host=db;Password=s3cret;Bogus Keyword=1", "(a malformed PostgreSQL connection string)")]
    public void Redaction_leaves_the_password_out(string location, string shown)
    {
        Assert.Equal(shown, PostgresConnectionString.Redact(location));
    }

    [Theory]
    [InlineData("postgres://tether:s3cret@db/graph?sslmode=sometimes", "sslmode")]
    [InlineData("postgres://tether:s3cret@db/graph?password_file=/x", "password_file")]
    [InlineData("postgres://tether:s3cret@/graph", null)]
    [InlineData("Host=db;Password=s3cret;Bogus Keyword=s3cret", null)]
    [InlineData("Database=graph;Password=s3cret", "Host")]
    public void Malformed_strings_are_refused_naming_the_field_and_never_the_password(string location, string? field)
    {
        var error = Assert.Throws<InputException>(() => PostgresConnectionString.ToNpgsql(location));
        Assert.Equal(field, error.Field);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_login_names_the_server_but_not_the_password()
    {
        // Port 1 on loopback: nothing listens, so the connection fails without a server; the message still names it.
        var error = await Assert.ThrowsAsync<Tether.Core.Graph.StoreException>(() =>
            PostgresGraphStore.OpenAsync("postgres://tether:s3cret@127.0.0.1:1/graph?connect_timeout=5", TimeProvider.System));
        Assert.StartsWith("postgres://tether@127.0.0.1:1/graph: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.ToString(), StringComparison.Ordinal);
    }
}
