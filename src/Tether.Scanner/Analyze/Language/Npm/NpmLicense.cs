using System.Text.Json;

namespace Tether.Scanner.Analyze.Language.Npm;

/// <summary>
/// The licenses a package.json (or a v2+ lock entry) declares: <c>"license": "MIT"</c>, the old object form
/// <c>{"type": "MIT"}</c> and the deprecated <c>"licenses": [...]</c> array. Shapes outside these are ignored rather
/// than failing the package: a license is descriptive, the coordinates are what matter.
/// </summary>
internal static class NpmLicense
{
    public static IReadOnlyList<string> Read(JsonElement package)
    {
        var licenses = new List<string>();
        if (package.TryGetProperty("license", out var license))
        {
            AddOne(license, licenses);
        }

        if (package.TryGetProperty("licenses", out var many) && many.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in many.EnumerateArray())
            {
                if (licenses.Count >= LanguageLimits.MaxLicenses)
                {
                    break;
                }

                AddOne(item, licenses);
            }
        }

        return licenses;
    }

    private static void AddOne(JsonElement license, List<string> into)
    {
        var text = license.ValueKind switch
        {
            JsonValueKind.String => license.GetString(),
            JsonValueKind.Object when license.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String => type.GetString(),
            _ => null,
        };
        text = text?.Trim();
        if (!string.IsNullOrEmpty(text) && text.Length <= LanguageLimits.MaxFieldLength && !into.Contains(text))
        {
            into.Add(text);
        }
    }
}
