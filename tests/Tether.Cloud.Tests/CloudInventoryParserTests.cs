using System.Text;
using Tether.Cloud.Parse;
using Tether.Core.Errors;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Testing;
using Xunit;

namespace Tether.Cloud.Tests;

/// <summary>The cloud inventory format (docs/attack-paths.md): the demo's sample, then malformed and hostile documents.</summary>
public sealed class CloudInventoryParserTests
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "samples", "contoso-azure.json");

    private static CloudInventory Parse(string json, CloudInventoryLimits? limits = null) =>
        CloudInventoryParser.Parse(Encoding.UTF8.GetBytes(json), "inventory.json", limits);

    private static InputException Fails(string json, CloudInventoryLimits? limits = null) =>
        Assert.Throws<InputException>(() => Parse(json, limits));

    [Fact]
    public async Task The_demo_inventory_becomes_identities_resources_and_permission_edges_with_the_file_digest()
    {
        var import = await CloudFiles.ReadAsync([Sample], new ManualClock());
        var bytes = await File.ReadAllBytesAsync(Sample);

        Assert.Equal((2, 3, 3), (import.Identities, import.Resources, import.Grants));
        var identity = import.Batch.Nodes.OfType<CloudIdentityFacts>().Single(i => i.Name == "id-payments-api");
        Assert.Equal("azure:3f2b7c1e-8d4a-4b6f-9e2d-1c0a5b7d9e3f", identity.Key);
        Assert.Equal(["Storage Blob Data Contributor"], identity.Grants!.Single(g => g.Resource.EndsWith("stcontosopaymentspii", StringComparison.Ordinal)).Permissions);
        var storage = import.Batch.Nodes.OfType<CloudResourceFacts>().Single(r => r.Name == "stcontosopaymentspii");
        Assert.Equal(("storage account", "pii", "westeurope"), (storage.ResourceType, storage.Sensitivity, storage.Region));
        var edges = import.Batch.Edges.Where(e => e.From == identity.Ref).ToList();
        Assert.Equal(2, edges.Count);
        Assert.All(edges, e =>
        {
            Assert.Equal(EdgeTypes.HasPermission, e.Type);
            Assert.Equal(EvidenceMethods.CloudInventory, e.Evidence.Method);
            Assert.Equal(CloudFiles.Collector, e.Evidence.Collector);
            Assert.Equal(Tether.Core.Identity.Digest.Sha256(bytes), e.Evidence.Document);
        });
    }

    [Fact]
    public void AWS_role_ARNs_keep_their_case_and_GCP_emails_are_lower_cased()
    {
        var inventory = Parse("""
            {"version": 1,
             "identities": [
               {"provider": "aws", "id": "arn:aws:iam::123456789012:role/Exporter", "permissions": [{"resource": "arn:aws:s3:::exports", "actions": ["s3:GetObject", "s3:GetObject"]}]},
               {"provider": "GCP", "id": "Reporter@p.iam.gserviceaccount.com"}],
             "resources": [{"provider": "aws", "id": "arn:aws:s3:::exports", "type": "S3 bucket", "sensitivity": "pii"}]}
            """);

        Assert.Equal("arn:aws:iam::123456789012:role/Exporter", inventory.Identities[0].Id);
        Assert.Equal(["s3:GetObject"], inventory.Identities[0].Permissions[0].Actions);
        Assert.Equal(("gcp", "reporter@p.iam.gserviceaccount.com"), (inventory.Identities[1].Provider, inventory.Identities[1].Id));
        Assert.Empty(inventory.Identities[1].Permissions);
    }

    [Theory]
    [InlineData("[]", "$", "must be an object")]
    [InlineData("""{"identities": []}""", "$.version", "must be 1")]
    [InlineData("""{"version": 2}""", "$.version", "must be 1")]
    [InlineData("""{"version": 1, "identities": {}}""", "$.identities", "must be an array")]
    [InlineData("""{"version": 1, "identities": [42]}""", "$.identities[0]", "must be an object")]
    [InlineData("""{"version": 1, "identities": [{"provider": "oracle", "id": "x"}]}""", "$.identities[0].provider", "not one of azure, aws, gcp")]
    [InlineData("""{"version": 1, "identities": [{"provider": "azure"}]}""", "$.identities[0].id", "is required")]
    [InlineData("""{"version": 1, "identities": [{"provider": "azure", "id": 7}]}""", "$.identities[0].id", "must be a string")]
    [InlineData("""{"version": 1, "identities": [{"provider": "azure", "id": "a", "permissions": [{"resource": "r", "actions": ["Reader"]}]}]}""", "$.identities[0].permissions[0].resource", "not a azure resource listed")]
    [InlineData("""{"version": 1, "identities": [{"provider": "azure", "id": "a", "permissions": [{"resource": "r", "actions": []}]}], "resources": [{"provider": "azure", "id": "r"}]}""", "$.identities[0].permissions[0].actions", "non-empty array")]
    [InlineData("""{"version": 1, "identities": [{"provider": "azure", "id": "a", "permissions": [{"resource": "r", "actions": [""]}]}], "resources": [{"provider": "azure", "id": "r"}]}""", "$.identities[0].permissions[0].actions[0]", "non-empty string")]
    [InlineData("""{"version": 1, "resources": [{"provider": "azure", "id": "r"}, {"provider": "azure", "id": "r"}]}""", "$.resources[1].id", "listed twice")]
    [InlineData("""{"version": 1, "identities": [{"provider": "azure", "id": "A"}, {"provider": "azure", "id": "a"}]}""", "$.identities[1].id", "listed twice")]
    [InlineData("""{"version": 1, "resources": [{"provider": "aws", "id": "r\u0000x"}]}""", "$.resources[0].id", "control characters")]
    public void A_malformed_document_is_refused_with_the_field_to_fix(string json, string field, string message)
    {
        var error = Fails(json);

        Assert.Equal("inventory.json", error.Source);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_deep_oversized_and_overlong_documents_are_refused_without_a_crash()
    {
        Assert.Equal("inventory.json", Fails("""{"version": 1, "identities": [{"provider": "az""").Source);
        Assert.NotNull(Fails(new string('[', 10_000) + new string(']', 10_000)));
        Assert.Contains("limit", Fails("""{"version": 1}""", CloudInventoryLimits.Default with { MaxBytes = 5 }).Message, StringComparison.Ordinal);
        Assert.Equal("$.resources", Fails("""{"version": 1, "resources": [{"provider": "aws", "id": "a"}, {"provider": "aws", "id": "b"}]}""", CloudInventoryLimits.Default with { MaxResources = 1 }).Field);
        Assert.Equal("$.resources[0].name", Fails($$"""{"version": 1, "resources": [{"provider": "aws", "id": "a", "name": "{{new string('n', 5000)}}"}]}""").Field);
        Assert.Equal("$.identities[0].permissions[0].actions", Fails("""{"version": 1, "identities": [{"provider": "aws", "id": "a", "permissions": [{"resource": "r", "actions": ["a", "b"]}]}], "resources": [{"provider": "aws", "id": "r"}]}""", CloudInventoryLimits.Default with { MaxActions = 1 }).Field);
    }

    [Fact]
    public async Task A_bad_file_among_good_ones_fails_the_whole_read()
    {
        using var dir = new TempDirectory();
        var bad = dir.File("bad.json");
        await File.WriteAllTextAsync(bad, """{"version": 1, "identities": [{"provider": "azure", "id": "a", "permissions": [{"resource": "missing", "actions": ["Reader"]}]}]}""");

        var error = await Assert.ThrowsAsync<InputException>(() => CloudFiles.ReadAsync([Sample, bad], new ManualClock()));

        Assert.Equal(bad, error.Source);
        Assert.Equal(dir.File("none.json"), (await Assert.ThrowsAsync<InputException>(() => CloudFiles.ReadAsync([dir.File("none.json")], new ManualClock()))).Source);
    }
}
