namespace Tether.Scanner.Output;

/// <summary>
/// The tool named as the SBOM's producer: CycloneDX <c>metadata.tools</c>, SPDX <c>creators</c> (<c>Tool: tether-1.2.0</c>).
/// SBOM import recognises <c>tether</c> and reads what Tether writes (the image's manifest digest) accordingly.
/// </summary>
public sealed record SbomTool(string Name, string Version)
{
    public const string TetherName = "tether";

    public static SbomTool Tether(string version) => new(TetherName, version);
}
