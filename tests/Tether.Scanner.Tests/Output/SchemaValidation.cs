using NJsonSchema;
using Tether.Testing;

namespace Tether.Scanner.Tests.Output;

/// <summary>
/// The official CycloneDX 1.6 and SPDX 2.3 JSON schemas (vendored in <c>schemas/</c>, see its README), loaded once;
/// <see cref="Errors"/> lists every violation with its JSON path, empty when the document is valid.
/// </summary>
internal static class SchemaValidation
{
    private static readonly Lazy<Task<JsonSchema>> CycloneDx = new(() => Load("bom-1.6.SNAPSHOT.schema.json"));
    private static readonly Lazy<Task<JsonSchema>> Spdx = new(() => Load("spdx-schema-2.3.json"));

    public static async Task<IReadOnlyList<string>> CycloneDxErrorsAsync(byte[] document) => Errors(await CycloneDx.Value, document);

    public static async Task<IReadOnlyList<string>> SpdxErrorsAsync(byte[] document) => Errors(await Spdx.Value, document);

    private static IReadOnlyList<string> Errors(JsonSchema schema, byte[] document) =>
        [.. schema.Validate(System.Text.Encoding.UTF8.GetString(document)).Select(e => e.ToString())];

    // FromFileAsync resolves the BOM schema's relative $refs (spdx, jsf) against the files beside it.
    private static Task<JsonSchema> Load(string file) =>
        JsonSchema.FromFileAsync(TestData.Repo("tests", "Tether.Scanner.Tests", "Output", "schemas", file));
}
