using System.CommandLine;

namespace Tether.Cli.Infrastructure;

/// <summary>Options shared by many commands, created once so every command spells them the same.</summary>
public static class CommonOptions
{
    /// <summary><c>--db</c>: the store (a SQLite file path or a PostgreSQL connection string). Recursive: accepted by every subcommand.</summary>
    public static readonly Option<string?> Db = new("--db")
    {
        Description = "Store location: a SQLite file path, or PostgreSQL as postgres://user:pass@host:port/db or Host=…;Database=… " +
            "(default $TETHER_DB, else $XDG_DATA_HOME/tether/tether.db).",
        Recursive = true,
    };

    /// <summary><c>--config</c>: the YAML config (risk mappings and weights). Recursive: accepted by every subcommand.</summary>
    public static readonly Option<string?> Config = new("--config")
    {
        Description = "Config file (YAML: environment and data-sensitivity mappings, priority weights; default $TETHER_CONFIG, else $XDG_CONFIG_HOME/tether/config.yaml if present).",
        Recursive = true,
    };

    /// <summary><c>--output/-o</c> with the formats a command supports; the first is the default.</summary>
    public static Option<string> Output(params string[] formats)
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = $"Output format: {string.Join(", ", formats)}.",
            DefaultValueFactory = _ => formats[0],
        };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }
}
