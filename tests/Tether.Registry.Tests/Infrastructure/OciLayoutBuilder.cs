using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tether.Registry.Parse;

namespace Tether.Registry.Tests.Infrastructure;

/// <summary>
/// Writes a small OCI image layout the way BuildKit exports one: a real gzip'd tar layer, an image config
/// with labels and history, and optionally an attestation manifest in BuildKit's storage format
/// (unknown/unknown platform, vnd.docker.reference.* annotations, an in-toto layer).
/// </summary>
internal sealed class OciLayoutBuilder(string directory)
{
    private readonly List<JsonObject> _index = [];

    public string Directory { get; } = directory;

    public static JsonObject DescriptorOf(string mediaType, byte[] bytes) => new()
    {
        ["mediaType"] = mediaType,
        ["digest"] = Sha(bytes),
        ["size"] = bytes.Length,
    };

    public static string Sha(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public byte[] Blob(byte[] bytes)
    {
        var path = Path.Combine(Directory, "blobs", "sha256", Sha(bytes)["sha256:".Length..]);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return bytes;
    }

    public byte[] Json(JsonNode node) => Blob(Encoding.UTF8.GetBytes(node.ToJsonString()));

    /// <summary>An amd64 image whose config carries <paramref name="labels"/>; returns the manifest bytes.</summary>
    public byte[] Image(IDictionary<string, string> labels, string file = "app.txt")
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, file) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes("hello from tether\n")) };
            writer.WriteEntry(entry);
        }

        var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(tar.ToArray());
        }

        var layer = Blob(gz.ToArray());
        var labelObject = new JsonObject();
        foreach (var (key, value) in labels)
        {
            labelObject[key] = value;
        }

        var config = Json(new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["created"] = "2025-01-15T10:30:00Z",
            ["config"] = new JsonObject { ["Labels"] = labelObject },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(Sha(tar.ToArray())) },
            ["history"] = new JsonArray(
                new JsonObject { ["created"] = "2025-01-15T10:29:00Z", ["created_by"] = $"COPY {file} /{file} # buildkit", ["comment"] = "buildkit.dockerfile.v0" },
                new JsonObject { ["created"] = "2025-01-15T10:30:00Z", ["created_by"] = "LABEL org.opencontainers.image.source", ["comment"] = "buildkit.dockerfile.v0", ["empty_layer"] = true }),
        });
        return Json(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciManifest,
            ["config"] = DescriptorOf(MediaTypes.OciImageConfig, config),
            ["layers"] = new JsonArray(DescriptorOf("application/vnd.oci.image.layer.v1.tar+gzip", layer)),
        });
    }

    /// <summary>A BuildKit attestation manifest holding <paramref name="statement"/>; returns its bytes.</summary>
    public byte[] AttestationManifest(byte[] statement, string predicateType)
    {
        Blob(statement);
        var config = Json(new JsonObject
        {
            ["architecture"] = "unknown",
            ["os"] = "unknown",
            ["config"] = new JsonObject(),
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(Sha(statement)) },
        });
        var layer = DescriptorOf(MediaTypes.InTotoStatement, statement);
        layer["annotations"] = new JsonObject { ["in-toto.io/predicate-type"] = predicateType };
        return Json(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciManifest,
            ["config"] = DescriptorOf(MediaTypes.OciImageConfig, config),
            ["layers"] = new JsonArray(layer),
        });
    }

    /// <summary>An index of the image (linux/amd64) and, when given, its attestation manifest.</summary>
    public byte[] Index(byte[] image, byte[]? attestation)
    {
        var imageEntry = DescriptorOf(MediaTypes.OciManifest, image);
        imageEntry["platform"] = new JsonObject { ["architecture"] = "amd64", ["os"] = "linux" };
        var manifests = new JsonArray(imageEntry);
        if (attestation is not null)
        {
            var entry = DescriptorOf(MediaTypes.OciManifest, attestation);
            entry["annotations"] = new JsonObject
            {
                ["vnd.docker.reference.digest"] = Sha(image),
                ["vnd.docker.reference.type"] = "attestation-manifest",
            };
            entry["platform"] = new JsonObject { ["architecture"] = "unknown", ["os"] = "unknown" };
            manifests.Add(entry);
        }

        return Json(new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = MediaTypes.OciIndex, ["manifests"] = manifests });
    }

    public void Tag(string mediaType, byte[] manifest, string tag)
    {
        var entry = DescriptorOf(mediaType, manifest);
        entry["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = tag };
        _index.Add(entry);
    }

    public string Write()
    {
        File.WriteAllText(Path.Combine(Directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        var index = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = MediaTypes.OciIndex, ["manifests"] = new JsonArray([.. _index]) };
        File.WriteAllText(Path.Combine(Directory, "index.json"), index.ToJsonString());
        return Directory;
    }

    /// <summary>The actions/buildtypes example statement with its subject pointed at <paramref name="subjectDigest"/>.</summary>
    public static byte[] ProvenanceFor(string subjectDigest)
    {
        var statement = JsonNode.Parse(File.ReadAllText(Tether.Testing.TestData.Shared("provenance", "actions-buildtypes-workflow-v1-example.json")))!;
        statement["subject"]![0]!["digest"]!["sha256"] = subjectDigest["sha256:".Length..];
        return Encoding.UTF8.GetBytes(statement.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
