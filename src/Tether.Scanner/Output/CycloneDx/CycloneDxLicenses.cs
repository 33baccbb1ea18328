using System.Text.Json;
using Tether.Scanner.Output.Spdx;

namespace Tether.Scanner.Output.CycloneDx;

/// <summary>
/// A package's declared licenses as a CycloneDX <c>licenses</c> choice, which is either a list of licenses or a
/// single SPDX expression, never both: a listed SPDX id is <c>{license: {id}}</c>, other text
/// <c>{license: {name}}</c>; a lone declaration that is a compound SPDX expression is <c>[{expression}]</c>.
/// </summary>
internal static class CycloneDxLicenses
{
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<string> licenses)
    {
        var declared = licenses.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (declared.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("licenses");
        if (declared.Count == 1 && SpdxLicenseExpression.ListedId(declared[0]) is null && SpdxLicenseExpression.Normalize(declared[0]) is { } expression)
        {
            writer.WriteStartObject();
            writer.WriteString("expression", expression);
            writer.WriteEndObject();
        }
        else
        {
            foreach (var license in declared)
            {
                writer.WriteStartObject();
                writer.WriteStartObject("license");
                if (SpdxLicenseExpression.ListedId(license) is { } id)
                {
                    writer.WriteString("id", id);
                }
                else
                {
                    writer.WriteString("name", license);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
    }
}
