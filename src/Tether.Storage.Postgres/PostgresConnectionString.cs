using System.Globalization;
using Npgsql;
using Tether.Core.Errors;

namespace Tether.Storage.Postgres;

/// <summary>
/// The PostgreSQL locations <c>--db</c> / <c>TETHER_DB</c> accept: <c>postgres://user:pass@host:port/db?sslmode=…</c>
/// (or <c>postgresql://</c>) URLs as libpq writes them, and Npgsql's keyword form (<c>Host=…;Database=…</c>).
/// Errors and <see cref="Redact"/> never repeat the password.
/// </summary>
public static class PostgresConnectionString
{
    private const string Source = "--db";

    // URL query parameters (libpq names) and the Npgsql keywords they become.
    private static readonly Dictionary<string, string> QueryKeywords = new(StringComparer.Ordinal)
    {
        ["sslmode"] = "SSL Mode",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["search_path"] = "Search Path",
        ["options"] = "Options",
    };

    // libpq's sslmode values and Npgsql's names for them.
    private static readonly Dictionary<string, string> SslModes = new(StringComparer.Ordinal)
    {
        ["disable"] = "Disable",
        ["allow"] = "Allow",
        ["prefer"] = "Prefer",
        ["require"] = "Require",
        ["verify-ca"] = "VerifyCA",
        ["verify-full"] = "VerifyFull",
    };

    /// <summary>True when <paramref name="location"/> names a PostgreSQL database rather than a SQLite file.</summary>
    public static bool IsPostgres(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return IsUrl(location)
            || location.Contains("Host=", StringComparison.OrdinalIgnoreCase)
            || location.Contains("Server=", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The Npgsql keyword form of <paramref name="location"/>; throws <see cref="InputException"/> (without the password) when malformed.</summary>
    public static string ToNpgsql(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var builder = IsUrl(location) ? FromUrl(location) : FromKeywords(location);
        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new InputException(Source, "Host", "the PostgreSQL connection string names no host.");
        }

        return builder.ConnectionString;
    }

    /// <summary><paramref name="location"/> fit to print: the password (and anything unparseable) left out.</summary>
    public static string Redact(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        try
        {
            if (IsUrl(location))
            {
                var b = FromUrl(location);
                var user = string.IsNullOrEmpty(b.Username) ? "" : Uri.EscapeDataString(b.Username) + "@";
                var host = b.Host!.Contains(':', StringComparison.Ordinal) ? $"[{b.Host}]" : b.Host;
                return $"{location[..location.IndexOf("://", StringComparison.Ordinal)]}://{user}{host}:{b.Port}/{Uri.EscapeDataString(b.Database ?? "")}";
            }

            var builder = FromKeywords(location);
            builder.Remove("Password");
            return builder.ConnectionString;
        }
        catch (InputException)
        {
            return "(a malformed PostgreSQL connection string)";
        }
    }

    private static bool IsUrl(string location) =>
        location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    private static NpgsqlConnectionStringBuilder FromKeywords(string location)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(location);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            // Npgsql's message may quote the offending value, which may be the password: say what form is expected instead.
            throw new InputException(Source, null, "not a valid PostgreSQL connection string: expected postgres://user:password@host:port/database or Host=…;Database=…;Username=…");
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string location)
    {
        if (!Uri.TryCreate(location, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new InputException(Source, null, "not a valid PostgreSQL URL: expected postgres://user:password@host:port/database (one host; percent-encode special characters)");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.StartsWith('[') ? uri.Host[1..^1] : uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
        };

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (!QueryKeywords.TryGetValue(name, out var keyword))
            {
                throw new InputException(Source, name, $"unsupported URL parameter (supported: {string.Join(", ", QueryKeywords.Keys)}).");
            }

            if (name == "sslmode")
            {
                value = SslModes.TryGetValue(value, out var mode)
                    ? mode
                    : throw new InputException(Source, name, $"'{value}' is not an sslmode ({string.Join(", ", SslModes.Keys)}).");
            }

            try
            {
                builder[keyword] = value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                throw new InputException(Source, name, string.Create(CultureInfo.InvariantCulture, $"'{value}' is not a valid value."));
            }
        }

        return builder;
    }
}
