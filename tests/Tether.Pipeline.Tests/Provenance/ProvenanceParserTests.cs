using System.Text;
using Tether.Pipeline.Provenance.Parse;
using Xunit;

namespace Tether.Pipeline.Tests.Provenance;

public sealed class ProvenanceParserTests
{
    [Fact]
    public void The_sigstore_v03_bundle_of_attest_demo_gives_its_repository_commit_run_and_subject()
    {
        var document = Assert.Single(ProvenanceParser.Parse(ProvenanceFixtures.SigstoreV03(), "attest-demo.sigstore.json"));
        var statement = document.Statement!;
        var provenance = statement.Provenance!;

        Assert.Equal(ProvenanceDocument.BundleFormat, document.Format);
        Assert.Equal("application/vnd.dev.sigstore.bundle.v0.3+json", document.BundleMediaType);
        Assert.Equal("https://in-toto.io/Statement/v1", statement.Type);
        Assert.Equal("https://slsa.dev/provenance/v1", statement.PredicateType);
        var subject = Assert.Single(statement.Subjects);
        Assert.Equal("github_provenance_demo-0.0.0-py3-none-any.whl", subject.Name);
        Assert.Equal("49a3aa6075e0f49f82843e74b5baa614ad2a588e6675612bf108a0a008c5ac25", subject.Digests["sha256"]);
        Assert.Equal("https://github.com/malancas/attest-demo", provenance.RepositoryUrl);
        Assert.Equal("95baf27389e83e6a5c48f42e190d48d7abcea19e", provenance.CommitSha);
        Assert.Equal(new GitHubRunRef("https://github.com", "malancas/attest-demo", "9228858953", 1), provenance.GitHubRun);
        Assert.Equal(".github/workflows/shared.yml", provenance.WorkflowPath);
        Assert.Equal("refs/heads/main", provenance.GitRef);
        Assert.Equal("https://github.com/actions/runner/github-hosted", provenance.BuilderId);
        Assert.Equal("https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1", provenance.BuildType);
        Assert.Equal("workflow_dispatch", provenance.Event);
        Assert.Equal("804070735", provenance.RepositoryId);
    }

    [Fact]
    public void The_sigstore_v03_bundle_records_signer_and_log_entry_from_its_certificate()
    {
        var document = ProvenanceParser.Parse(ProvenanceFixtures.SigstoreV03(), "b.json")[0];

        Assert.Equal(
            "https://github.com/github/artifact-attestations-workflows/.github/workflows/attest.yml@09b495c3f12c7881b3cc17209a327792065c1a1d",
            document.Signer!.Identity);
        Assert.Equal("https://token.actions.githubusercontent.com", document.Signer.Issuer);
        Assert.Equal("96764485", document.LogEntry!.LogIndex);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1716578064), document.LogEntry.IntegratedAt);
        Assert.Equal(1, document.SignatureCount);
    }

    [Fact]
    public void The_sigstore_v01_staging_bundle_gives_npm_SLSA_v02_provenance()
    {
        var document = Assert.Single(ProvenanceParser.Parse(ProvenanceFixtures.SigstoreV01(), "staging.json"));
        var statement = document.Statement!;
        var provenance = statement.Provenance!;

        Assert.Equal("application/vnd.dev.sigstore.bundle+json;version=0.1", document.BundleMediaType);
        Assert.Equal("https://in-toto.io/Statement/v0.1", statement.Type);
        Assert.Equal("https://slsa.dev/provenance/v0.2", statement.PredicateType);
        var subject = Assert.Single(statement.Subjects);
        Assert.Equal("pkg:npm/sigstore@1.3.0", subject.Name);
        Assert.Equal(
            "76176ffa33808b54602c7c35de5c6e9a4deb96066dba6533f50ac234f4f1f4c6b3527515dc17c06fbe2860030f410eee69ea20079bd3a2c6f3dcf3b329b10751",
            subject.Digests["sha512"]);
        Assert.Equal("https://github.com/sigstore/sigstore-js", provenance.RepositoryUrl);
        Assert.Equal("dae8bd8eb433a4147b4655c00fe73e0f22bc0fb1", provenance.CommitSha);
        Assert.Equal(new GitHubRunRef("https://github.com", "sigstore/sigstore-js", "4735384265", 1), provenance.GitHubRun);
        Assert.Equal(".github/workflows/release.yml", provenance.WorkflowPath);
        Assert.Equal("sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main", provenance.WorkflowRef);
        Assert.Equal("https://github.com/actions/runner", provenance.BuilderId);
        Assert.Equal("https://github.com/npm/cli/gha/v2", provenance.BuildType);
        Assert.Equal("4735384265-1", provenance.InvocationId);
        Assert.Equal("push", provenance.Event);
        Assert.Equal("refs/heads/main", provenance.GitRef);
        Assert.Equal(new SignerInfo("cody@soyland.com", "https://github.com/login/oauth"), document.Signer);
        Assert.Null(document.LogEntry);
    }

    [Fact]
    public void The_actions_buildtypes_example_statement_is_read_bare()
    {
        var document = Assert.Single(ProvenanceParser.Parse(ProvenanceFixtures.ActionsExample(), "example.json"));
        var provenance = document.Statement!.Provenance!;

        Assert.Equal(ProvenanceDocument.StatementFormat, document.Format);
        Assert.Null(document.Signer);
        Assert.Equal("fe4fe40ac7250263c5dbe1cf3138912f3f416140aa248637a60d65fe22c47da4", document.Statement.Subjects[0].Digests["sha256"]);
        Assert.Equal("https://github.com/octocat/hello-world", provenance.RepositoryUrl);
        Assert.Equal("c27d339ee6075c1f744c5d4b200f7901aad2c369", provenance.CommitSha);
        Assert.Equal(new GitHubRunRef("https://github.com", "octocat/hello-world", "1536140711", 1), provenance.GitHubRun);
        Assert.Equal(".github/workflow/release.yml", provenance.WorkflowPath);
        Assert.Equal("https://github.com/octocat/builders/.github/workflows/builder_go_slsa3.yml@refs/tags/v1.0.0", provenance.BuilderId);
        Assert.Equal("github-hosted", provenance.RunnerEnvironment);
        Assert.Equal("1296269", provenance.RepositoryId);
    }

    [Fact]
    public void A_DSSE_envelope_gives_the_same_statement_with_its_own_document_digest()
    {
        var envelope = Encoding.UTF8.GetBytes(ProvenanceFixtures.Envelope(ProvenanceFixtures.ActionsExample()));
        var document = Assert.Single(ProvenanceParser.Parse(envelope, "example.dsse.json"));
        var bare = ProvenanceParser.Parse(ProvenanceFixtures.ActionsExample(), "example.json")[0];

        Assert.Equal(ProvenanceDocument.DsseFormat, document.Format);
        Assert.Equal(1, document.SignatureCount);
        Assert.Equal(bare.Statement!.Provenance, document.Statement!.Provenance);
        Assert.NotEqual(bare.Digest, document.Digest);
        Assert.Equal(Tether.Core.Identity.Digest.Sha256(envelope), document.Digest);
    }

    [Fact]
    public void JSON_Lines_give_one_document_per_line_and_skip_lines_with_other_predicates()
    {
        var sbom = """{"_type":"https://in-toto.io/Statement/v1","predicateType":"https://spdx.dev/Document/v2.3","subject":[{"name":"x","digest":{"sha256":"fe4fe40ac7250263c5dbe1cf3138912f3f416140aa248637a60d65fe22c47da4"}}],"predicate":{}}""";
        var v03 = System.Text.Json.Nodes.JsonNode.Parse(ProvenanceFixtures.SigstoreV03())!.ToJsonString();
        var lines = Encoding.UTF8.GetBytes(v03 + "\n" + sbom + "\r\n\n" + ProvenanceFixtures.Envelope(ProvenanceFixtures.ActionsExample()) + "\n");

        var documents = ProvenanceParser.Parse(lines, "att.jsonl");

        Assert.Equal(["att.jsonl:line 1", "att.jsonl:line 2", "att.jsonl:line 4"], documents.Select(d => d.Source));
        Assert.Equal([null, "predicate type https://spdx.dev/Document/v2.3 is not provenance", null], documents.Select(d => d.Skipped));
        Assert.Equal("95baf27389e83e6a5c48f42e190d48d7abcea19e", documents[0].Statement!.Provenance!.CommitSha);
        Assert.Equal("c27d339ee6075c1f744c5d4b200f7901aad2c369", documents[2].Statement!.Provenance!.CommitSha);
    }

    [Fact]
    public void BuildKit_provenance_gives_vcs_commit_run_from_builder_id_and_the_embedded_dockerfile()
    {
        var document = ProvenanceParser.Parse(
            ProvenanceFixtures.BuildKitV02(new string('a', 64), "https://github.com/docker/test-docker-action/actions/runs/18774637729/attempts/1"),
            "buildkit.json")[0];
        var provenance = document.Statement!.Provenance!;

        Assert.Equal("https://github.com/docker/test-docker-action.git", provenance.RepositoryUrl);
        Assert.Equal("42f57536c4a55a4723772a03ead9da2940abb3d6", provenance.CommitSha);
        Assert.Equal(new GitHubRunRef("https://github.com", "docker/test-docker-action", "18774637729", 1), provenance.GitHubRun);
        Assert.Equal("build/Dockerfile", provenance.DockerfilePath);
        Assert.Null(provenance.WorkflowPath);
        Assert.Equal("c4a87v0sxhliuewig10gnsb6v", provenance.InvocationId);
        Assert.Equal(new DateTimeOffset(2025, 10, 24, 8, 47, 10, 123, TimeSpan.Zero).AddTicks(4567), provenance.StartedAt);
        Assert.StartsWith("FROM alpine:3.20", Encoding.UTF8.GetString(provenance.DockerfileContent!.Value.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void BuildKit_SLSA_v1_provenance_reads_configSource_and_buildkit_metadata()
    {
        var json = """
            {"_type":"https://in-toto.io/Statement/v1","predicateType":"https://slsa.dev/provenance/v1",
             "subject":[{"name":"pkg:docker/app@1","digest":{"sha256":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}}],
             "predicate":{
               "buildDefinition":{"buildType":"https://github.com/moby/buildkit/blob/master/docs/attestations/slsa-definitions.md",
                 "externalParameters":{"configSource":{"uri":"https://github.com/moby/buildkit.git#refs/tags/v0.11.0","digest":{"sha1":"4b220de5058abfd01ff619c9d2ff6b09a049bea0"},"path":"Dockerfile"},
                                       "request":{"frontend":"gateway.v0","args":{}}},
                 "resolvedDependencies":[{"uri":"pkg:docker/alpine@3.17","digest":{"sha256":"8914eb54f968791faf6a8638949e480fef81e697984fba772b3976835194c6d4"}}]},
               "runDetails":{"builder":{"id":"https://github.com/moby/buildkit/actions/runs/3709599520"},
                 "metadata":{"invocationId":"ybl5mrb3yq0hx8kv9jqqpa6hs","startedOn":"2022-12-15T15:36:41.081433Z"}}}}
            """;
        var provenance = ProvenanceParser.Parse(Encoding.UTF8.GetBytes(json), "v1.json")[0].Statement!.Provenance!;

        Assert.Equal("https://github.com/moby/buildkit.git", provenance.RepositoryUrl);
        Assert.Equal("4b220de5058abfd01ff619c9d2ff6b09a049bea0", provenance.CommitSha);
        Assert.Equal("refs/tags/v0.11.0", provenance.GitRef);
        Assert.Equal("Dockerfile", provenance.DockerfilePath);
        // The builder id names the run but not its attempt: the run stays unidentified rather than guessed.
        Assert.Equal(new GitHubRunRef("https://github.com", "moby/buildkit", "3709599520", null), provenance.GitHubRun);
    }

    [Fact]
    public void A_message_signature_bundle_is_recorded_without_a_statement()
    {
        var bundle = """
            {"mediaType":"application/vnd.dev.sigstore.bundle+json;version=0.2",
             "verificationMaterial":{"publicKey":{"hint":"c2lnc3RvcmU="},"tlogEntries":[{"logIndex":"42","integratedTime":"1700000000"}]},
             "messageSignature":{"messageDigest":{"algorithm":"SHA2_256","digest":"qUqP5cyxm6YcTAhz05Hph5gvu9M="},"signature":"MEUCIQ"}}
            """;
        var document = Assert.Single(ProvenanceParser.Parse(Encoding.UTF8.GetBytes(bundle), "msg.json"));

        Assert.Null(document.Statement);
        Assert.Equal("public key c2lnc3RvcmU=", document.Signer!.Identity);
        Assert.Equal("42", document.LogEntry!.LogIndex);
    }
}
