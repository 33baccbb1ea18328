using System.Text;
using System.Text.Json.Nodes;
using Tether.Testing;

namespace Tether.Pipeline.Tests.Provenance;

internal static class ProvenanceFixtures
{
    public static byte[] SigstoreV03() => File.ReadAllBytes(TestData.Shared("provenance", "reusable-workflow-attestation.sigstore.json"));

    public static byte[] SigstoreV01() => File.ReadAllBytes(TestData.Shared("provenance", "bundle-github-staging.json"));

    public static byte[] ActionsExample() => File.ReadAllBytes(TestData.Shared("provenance", "actions-buildtypes-workflow-v1-example.json"));

    /// <summary>A DSSE envelope around a statement, as `cosign attest` writes it.</summary>
    public static string Envelope(byte[] statement) =>
        new JsonObject
        {
            ["payloadType"] = "application/vnd.in-toto+json",
            ["payload"] = Convert.ToBase64String(statement),
            ["signatures"] = new JsonArray(new JsonObject { ["keyid"] = "", ["sig"] = "MEUCIQDx" }),
        }.ToJsonString();

    /// <summary>
    /// BuildKit SLSA v0.2 provenance in the shape docker's "SLSA definitions" page documents (mode=max), built by
    /// docker/build-push-action in the recorded docker/test-docker-action run, for <paramref name="imageDigestHex"/>.
    /// </summary>
    public static byte[] BuildKitV02(string imageDigestHex, string builderId) => Encoding.UTF8.GetBytes($$"""
        {
          "_type": "https://in-toto.io/Statement/v0.1",
          "predicateType": "https://slsa.dev/provenance/v0.2",
          "subject": [
            { "name": "pkg:docker/ghcr.io/docker/test-docker-action@master?platform=linux%2Famd64", "digest": { "sha256": "{{imageDigestHex}}" } }
          ],
          "predicate": {
            "builder": { "id": "{{builderId}}" },
            "buildType": "https://mobyproject.org/buildkit@v1",
            "materials": [
              { "uri": "pkg:docker/alpine@3.20?platform=linux%2Famd64", "digest": { "sha256": "1e42bbe2508154c9126d48c2b8a75420c3544343bf86fd041fb7527e017a4b4a" } }
            ],
            "invocation": {
              "configSource": { "entryPoint": "Dockerfile" },
              "parameters": { "frontend": "dockerfile.v0", "args": {}, "locals": [ { "name": "context" }, { "name": "dockerfile" } ] },
              "environment": { "platform": "linux/amd64" }
            },
            "metadata": {
              "buildInvocationID": "c4a87v0sxhliuewig10gnsb6v",
              "buildStartedOn": "2025-10-24T08:47:10.123456789Z",
              "buildFinishedOn": "2025-10-24T08:47:31.5Z",
              "reproducible": false,
              "completeness": { "parameters": true, "environment": true, "materials": false },
              "https://mobyproject.org/buildkit@v1#metadata": {
                "vcs": {
                  "revision": "42f57536c4a55a4723772a03ead9da2940abb3d6",
                  "source": "https://github.com/docker/test-docker-action.git",
                  "localdir:context": ".",
                  "localdir:dockerfile": "build"
                },
                "source": {
                  "locations": {},
                  "infos": [
                    { "filename": "Dockerfile", "language": "Dockerfile", "data": "{{Convert.ToBase64String("FROM alpine:3.20\nRUN apk add --no-cache curl\nCOPY app /app\n"u8)}}" }
                  ]
                }
              }
            }
          }
        }
        """);
}
