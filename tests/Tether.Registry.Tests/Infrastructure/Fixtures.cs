namespace Tether.Registry.Tests.Infrastructure;

/// <summary>Known values of the regclient testrepo layout (see shared/testdata/SOURCES.md).</summary>
internal static class TestRepoV1
{
    public const string Index = "sha256:7ceb9b6bcc274697d0c38be6214b50cec79d601bc61708747d3f6cb772f6c6fa";
    public const string Amd64 = "sha256:1effc9d48232693f4584ceb9c5e8d84ddeb5924ea4aff341aa8204510422f668";
    public const string Arm64 = "sha256:7e87ffc91b9ceafa85be2777b16b1be10e4664fd4f3acc86e4295b97da5163ba";
    public const string Amd64Config = "sha256:03d7b3c657a4af5b4ff7967bf843d04a93008f28d658a7df3f679b2c7e519639";
    public const string Arm64Config = "sha256:cffb7c92259a9caaf27dd5ce2d7d0191b33de116cedff2f078611987291952fd";
    public const string BuilderForAmd64 = "sha256:43089316cfeec5c2f7897591f5925167afda21932cf71a1a1264684930e7b40a";
    public const string BuilderForArm64 = "sha256:d910434391624641a9398ec921067e2dbd9a76aac69f120257906f811f0eecb8";

    public static string Blob(string digest) =>
        Tether.Testing.TestData.Shared("oci", "testrepo", "blobs", "sha256", digest["sha256:".Length..]);
}
