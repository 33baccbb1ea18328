using System.Globalization;
using Tether.Core.Errors;
using Tether.Pipeline.Identity;

namespace Tether.Pipeline.CiReport.Parse;

/// <summary>Typed reads of CI variables; errors name the variable (the user's CI configuration is the input).</summary>
internal sealed class EnvironmentReader(IReadOnlyDictionary<string, string> environment)
{
    private const int MaxValue = 64 * 1024;

    public InputException Error(string name, string message) => new("environment", name, message);

    public string? Optional(string name)
    {
        if (!environment.TryGetValue(name, out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return value.Length <= MaxValue ? value.Trim() : throw Error(name, $"is longer than {MaxValue} characters.");
    }

    public string Required(string name) =>
        Optional(name) ?? throw Error(name, "is not set; is this step running in the CI system it claims?");

    public string RequiredUrl(string name)
    {
        var value = Required(name);
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? value
            : throw Error(name, $"'{value}' is not an http(s) URL.");
    }

    public string Digits(string name)
    {
        var value = Required(name);
        return value.Length <= 20 && value.All(char.IsAsciiDigit) ? value : throw Error(name, $"'{value}' is not a number.");
    }

    public int PositiveInt(string name)
    {
        var value = Required(name);
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1
            ? number
            : throw Error(name, $"'{value}' is not a positive number.");
    }

    public string Sha(string name)
    {
        var value = Required(name);
        return CommitSha.Normalize(value) ?? throw Error(name, $"'{value}' is not a full commit SHA (40 or 64 hex).");
    }

    public string? OptionalSha(string name)
    {
        var value = Optional(name);
        return value is null ? null : CommitSha.Normalize(value) ?? throw Error(name, $"'{value}' is not a full commit SHA (40 or 64 hex).");
    }
}
