using Tether.Core.Errors;
using Tether.Core.Risk;

namespace Tether.Cli.Configuration;

/// <summary>
/// Where the config comes from (I/O only): <c>--config FILE</c>, else <c>$TETHER_CONFIG</c>, else
/// <c>$XDG_CONFIG_HOME/tether/config.yaml</c> (<c>~/.config/tether/config.yaml</c>) when that file exists; none means the
/// built-in rules. A file named explicitly must exist.
/// </summary>
public static class RiskConfigFile
{
    public static string? Locate(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return option;
        }

        if (Environment.GetEnvironmentVariable("TETHER_CONFIG") is { Length: > 0 } variable)
        {
            return variable;
        }

        var home = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        var implicitFile = Path.Combine(home, "tether", "config.yaml");
        return File.Exists(implicitFile) ? implicitFile : null;
    }

    public static async Task<RiskSettings> LoadAsync(string? option, CancellationToken cancellationToken)
    {
        var path = Locate(option);
        if (path is null)
        {
            return RiskSettings.Default;
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new InputException(path, null, "does not exist (given by --config or TETHER_CONFIG).");
        }

        if (file.Length > RiskConfigParser.MaxBytes)
        {
            throw new InputException(path, null, $"{file.Length} bytes is over the {RiskConfigParser.MaxBytes}-byte limit for a config file.");
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return RiskConfigParser.Parse(text, path);
    }
}
