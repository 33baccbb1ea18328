namespace Tether.Scanner.Layers;

/// <summary>A layer's compression told by its magic number, never by its media type (which producers get wrong).</summary>
public static class LayerCompression
{
    public const string Gzip = "gzip";
    public const string Zstd = "zstd";
    public const string None = "none";

    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int MagicLength = 4;

    /// <summary><see cref="Gzip"/> (1f 8b), <see cref="Zstd"/> (28 b5 2f fd) or <see cref="None"/>.</summary>
    public static string Detect(ReadOnlySpan<byte> head) =>
        head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b ? Gzip
        : head.Length >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd ? Zstd
        : None;

    /// <summary>The OCI layer media type of a tar with that compression.</summary>
    public static string OciMediaType(string compression) => compression switch
    {
        Gzip => "application/vnd.oci.image.layer.v1.tar+gzip",
        Zstd => "application/vnd.oci.image.layer.v1.tar+zstd",
        _ => "application/vnd.oci.image.layer.v1.tar",
    };
}
