using System.Text;
using System.Text.Json.Nodes;
using Tether.Core.Errors;
using Tether.Core.Graph;
using Tether.Pipeline.Provenance;
using Xunit;

namespace Tether.Pipeline.Tests.Provenance;

/// <summary>Malformed and hostile inputs: each fails with the file and field named, and leaves the batch untouched.</summary>
public sealed class HostileProvenanceTests
{
    private static InputException Refused(byte[] input, string source = "bad.json")
    {
        var batch = new GraphBatch("test", DateTimeOffset.UnixEpoch);
        var error = Assert.Throws<InputException>(() => new ProvenanceReader().Read(input, source, batch));
        Assert.True(batch.IsEmpty);
        Assert.StartsWith(source, error.Source, StringComparison.Ordinal);
        return error;
    }

    private static byte[] Edit(byte[] json, Action<JsonNode> change)
    {
        var node = JsonNode.Parse(json)!;
        change(node);
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    private static byte[] Statement(Action<JsonNode> change) => Edit(ProvenanceFixtures.ActionsExample(), change);

    [Theory]
    [InlineData(100)]
    [InlineData(5000)]
    public void A_truncated_bundle_is_refused(int length)
    {
        var error = Refused(ProvenanceFixtures.SigstoreV03()[..length]);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_refused() => Refused([]);

    [Fact]
    public void A_GitHub_context_with_a_bad_server_URL_is_refused_not_crashed_on()
    {
        var staging = ProvenanceFixtures.SigstoreV01();
        var bundle = System.Text.Json.Nodes.JsonNode.Parse(staging)!;
        var statement = JsonNode.Parse(Convert.FromBase64String((string)bundle["dsseEnvelope"]!["payload"]!))!;
        statement["predicate"]!["invocation"]!["environment"]!["GITHUB_SERVER_URL"] = "::not a url::";
        bundle["dsseEnvelope"]!["payload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(statement.ToJsonString()));

        var error = Refused(Encoding.UTF8.GetBytes(bundle.ToJsonString()));
        Assert.Equal("$.predicate.invocation.environment.github_server_url", error.Field);
    }

    [Fact]
    public void A_wrong_statement_type_is_refused_naming_type() =>
        Assert.Equal("$._type", Refused(Statement(s => s["_type"] = "https://in-toto.io/Statement/v9")).Field);

    [Fact]
    public void A_non_provenance_predicate_type_in_a_single_document_is_refused() =>
        Assert.Equal("$.predicateType", Refused(Statement(s => s["predicateType"] = "https://spdx.dev/Document")).Field);

    [Fact]
    public void A_predicate_type_of_the_wrong_JSON_type_is_refused() =>
        Assert.Equal("$.predicateType", Refused(Statement(s => s["predicateType"] = 3)).Field);

    [Fact]
    public void A_subject_that_is_not_an_array_is_refused() =>
        Assert.Equal("$.subject", Refused(Statement(s => s["subject"] = "fe4f")).Field);

    [Fact]
    public void A_short_sha256_subject_digest_is_refused_naming_it() =>
        Assert.Equal("$.subject[0].digest.sha256", Refused(Statement(s => s["subject"]![0]!["digest"]!["sha256"] = "fe4fe40ac72502")).Field);

    [Fact]
    public void A_non_hex_git_commit_is_refused_naming_it() =>
        Assert.Equal(
            "$.predicate.buildDefinition.resolvedDependencies[0].digest.gitCommit",
            Refused(Statement(s => s["predicate"]!["buildDefinition"]!["resolvedDependencies"]![0]!["digest"]!["gitCommit"] = new string('z', 40))).Field);

    [Fact]
    public void A_builder_id_of_the_wrong_type_is_refused() =>
        Assert.Equal("$.predicate.runDetails.builder.id", Refused(Statement(s => s["predicate"]!["runDetails"]!["builder"]!["id"] = new JsonArray())).Field);

    [Fact]
    public void A_missing_predicate_is_refused() =>
        Assert.Equal("$.predicate", Refused(Statement(s => s.AsObject().Remove("predicate"))).Field);

    [Fact]
    public void An_envelope_with_another_payload_type_is_refused() =>
        Assert.Equal("$.payloadType", Refused(Edit(Encoding.UTF8.GetBytes(ProvenanceFixtures.Envelope(ProvenanceFixtures.ActionsExample())), e => e["payloadType"] = "text/plain")).Field);

    [Fact]
    public void Bad_base64_in_the_envelope_is_refused() =>
        Assert.Equal("$.dsseEnvelope.payload", Refused(Edit(ProvenanceFixtures.SigstoreV03(), b => b["dsseEnvelope"]!["payload"] = "not*base64!")).Field);

    [Fact]
    public void A_payload_that_is_not_JSON_is_refused_naming_the_payload()
    {
        var error = Refused(Edit(ProvenanceFixtures.SigstoreV03(), b => b["dsseEnvelope"]!["payload"] = Convert.ToBase64String("{\"_type\":"u8)));
        Assert.Contains("dsseEnvelope.payload", error.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_base64_payload_is_refused_before_it_is_decoded()
    {
        var huge = "{\"payloadType\":\"application/vnd.in-toto+json\",\"signatures\":[],\"payload\":\"" + new string('A', 48 * 1024 * 1024) + "\"}";
        var error = Refused(Encoding.UTF8.GetBytes(huge));
        Assert.Equal("$.payload", error.Field);
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_refused_at_the_depth_limit()
    {
        var deep = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"x\":" + new string('[', 100_000) + new string(']', 100_000) + "}";
        Refused(Encoding.UTF8.GetBytes(deep));
    }

    [Fact]
    public void An_unknown_bundle_media_type_is_refused() =>
        Assert.Equal("$.mediaType", Refused(Edit(ProvenanceFixtures.SigstoreV03(), b => b["mediaType"] = "application/vnd.dev.sigstore.bundle.v9+json")).Field);

    [Fact]
    public void A_bundle_with_neither_envelope_nor_signature_is_refused() =>
        Assert.Contains("neither dsseEnvelope nor messageSignature", Refused(Edit(ProvenanceFixtures.SigstoreV03(), b => b.AsObject().Remove("dsseEnvelope"))).Message, StringComparison.Ordinal);

    [Fact]
    public void A_certificate_that_is_not_DER_is_refused_naming_it() =>
        Assert.Equal(
            "$.verificationMaterial.certificate.rawBytes",
            Refused(Edit(ProvenanceFixtures.SigstoreV03(), b => b["verificationMaterial"]!["certificate"]!["rawBytes"] = Convert.ToBase64String("not a certificate"u8))).Field);

    [Fact]
    public void A_document_of_no_known_shape_is_refused() =>
        Assert.Contains("not an in-toto statement", Refused("{\"hello\":\"world\"}"u8.ToArray()).Message, StringComparison.Ordinal);

    [Fact]
    public void One_bad_line_in_JSON_Lines_stores_nothing_and_names_the_line()
    {
        var good = JsonNode.Parse(ProvenanceFixtures.ActionsExample())!.ToJsonString();
        var error = Refused(Encoding.UTF8.GetBytes(good + "\n" + good.Replace("c27d339ee6075c1f744c5d4b200f7901aad2c369", "c27d", StringComparison.Ordinal) + "\n"), "att.jsonl");
        Assert.Equal("att.jsonl:line 2", error.Source);
    }
}
