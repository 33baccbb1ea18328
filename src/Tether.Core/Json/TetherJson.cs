using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.Core.Json;

/// <summary>
/// The JSON shape of Tether's reports, shared by the CLI (<c>--output json</c>) and the REST API so both print the
/// same document: camelCase, enums as camelCase strings, nulls kept (a null layer is meaningful).
/// </summary>
public static class TetherJson
{
    public static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Apply(options, indented);
        return options;
    }

    /// <summary>Sets the shared settings on options owned by someone else (ASP.NET Core's HTTP JSON options).</summary>
    public static void Apply(JsonSerializerOptions options, bool indented)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.WriteIndented = indented;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }
}
