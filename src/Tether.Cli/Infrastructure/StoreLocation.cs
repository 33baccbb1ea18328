using Tether.Core.Access;
using Tether.Core.Advisories;
using Tether.Core.Coordination;
using Tether.Core.Graph;
using Tether.Storage.Postgres;
using Tether.Storage.Sqlite;

namespace Tether.Cli.Infrastructure;

/// <summary>
/// Where the store is: <c>--db</c>, else <c>TETHER_DB</c>, else <c>$XDG_DATA_HOME/tether/tether.db</c>
/// (<c>~/.local/share/tether/tether.db</c>). A SQLite file path, or a PostgreSQL database
/// (<c>postgres://user:pass@host:port/db</c> or <c>Host=…;Database=…</c>).
/// </summary>
public static class StoreLocation
{
    public static string Resolve(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return option;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("TETHER_DB");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrWhiteSpace(dataHome))
        {
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(dataHome, "tether", "tether.db");
    }

    /// <summary>
    /// Opens a store that must already exist: commands that only read (trace, status) must not create an empty
    /// store at a mistyped path and then report "not found".
    /// </summary>
    public static Task<IGraphStore> OpenExistingAsync(string? option, TimeProvider time, CancellationToken cancellationToken)
    {
        var location = Resolve(option);
        if (!IsServer(location) && !File.Exists(location))
        {
            throw new CliError(ExitCode.StoreError, $"{location}: no Tether store here (run `tether demo` or an ingest command first, or pass --db / TETHER_DB).");
        }

        return OpenAsync(location, time, cancellationToken);
    }

    public static async Task<IGraphStore> OpenAsync(string? option, TimeProvider time, CancellationToken cancellationToken)
    {
        var location = Resolve(option);
        try
        {
            return IsServer(location)
                ? await PostgresGraphStore.OpenAsync(location, time, cancellationToken)
                : await SqliteGraphStore.OpenAsync(location, time, cancellationToken);
        }
        catch (StoreException e)
        {
            throw new CliError(ExitCode.StoreError, e.Message, e);
        }
    }

    /// <summary>
    /// Opens the advisory database of an existing store: matching only reads it, and an empty database created at a
    /// mistyped path would report "no vulnerabilities" instead of the mistake.
    /// </summary>
    public static Task<IAdvisoryStore> OpenExistingAdvisoriesAsync(string? option, TimeProvider time, CancellationToken cancellationToken)
    {
        var location = Resolve(option);
        if (!IsServer(location) && !File.Exists(location))
        {
            throw new CliError(ExitCode.StoreError, $"{location}: no advisory database here (run `tether db import osv PATH|URL` first, or pass --db / TETHER_DB).");
        }

        return OpenAdvisoriesAsync(location, time, cancellationToken);
    }

    /// <summary>Opens (creating when missing) the advisory database of the store.</summary>
    public static async Task<IAdvisoryStore> OpenAdvisoriesAsync(string? option, TimeProvider time, CancellationToken cancellationToken)
    {
        var location = Resolve(option);
        try
        {
            return IsServer(location)
                ? await PostgresAdvisoryStore.OpenAsync(location, time, cancellationToken)
                : await SqliteAdvisoryStore.OpenAsync(location, time, cancellationToken);
        }
        catch (StoreException e)
        {
            throw new CliError(ExitCode.StoreError, e.Message, e);
        }
    }

    /// <summary>Opens (creating when missing) the API tokens of the store (<c>tether token</c>, <c>tether serve</c>).</summary>
    public static Task<IApiTokenStore> OpenTokensAsync(string? option, TimeProvider time, CancellationToken cancellationToken) =>
        OpenPartAsync(option, location => PostgresApiTokenStore.OpenAsync(location, time, cancellationToken), location => SqliteApiTokenStore.OpenAsync(location, time, cancellationToken));

    /// <summary>Opens (creating when missing) the collector leases of the store (<c>tether serve</c>).</summary>
    public static Task<ILeaseStore> OpenLeasesAsync(string? option, TimeProvider time, CancellationToken cancellationToken) =>
        OpenPartAsync(option, location => PostgresLeaseStore.OpenAsync(location, time, cancellationToken), location => SqliteLeaseStore.OpenAsync(location, time, cancellationToken));

    private static async Task<T> OpenPartAsync<T>(string? option, Func<string, Task<T>> postgres, Func<string, Task<T>> sqlite)
    {
        var location = Resolve(option);
        try
        {
            return IsServer(location) ? await postgres(location) : await sqlite(location);
        }
        catch (StoreException e)
        {
            throw new CliError(ExitCode.StoreError, e.Message, e);
        }
    }

    /// <summary>True when the store may hold data: a database server, or a file that exists.</summary>
    public static bool Exists(string location) => IsServer(location) || File.Exists(location);

    /// <summary>The location fit to print: a PostgreSQL connection string loses its password.</summary>
    public static string Display(string location) => IsServer(location) ? PostgresConnectionString.Redact(location) : location;

    private static bool IsServer(string location) => PostgresConnectionString.IsPostgres(location);
}
