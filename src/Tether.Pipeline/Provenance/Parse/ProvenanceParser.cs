using System.Globalization;
using System.Text.Json;
using Tether.Core.Errors;
using Tether.Core.Identity;
using Tether.Core.Parsing;
using Tether.Pipeline.Parsing;

namespace Tether.Pipeline.Provenance.Parse;

/// <summary>
/// Reads provenance files: a bare in-toto Statement (v0.1, v1), a DSSE envelope, a Sigstore bundle (v0.1, v0.2, v0.3),
/// or JSON Lines of any of these (as <c>gh attestation download</c> and in-toto attestation bundles write them).
/// Pure and bounded; malformed input is an <see cref="InputException"/> naming the file and field.
/// </summary>
public static class ProvenanceParser
{
    public const int MaxDocumentBytes = 64 * 1024 * 1024;
    public const int MaxPayloadBytes = 32 * 1024 * 1024;
    public const int MaxLines = 10_000;
    private const int MaxSignatures = 64;
    private const int MaxLogEntries = 64;

    public const string DssePayloadType = "application/vnd.in-toto+json";

    /// <summary>Sigstore bundle media types this reader accepts (v0.3 has two spellings in the wild).</summary>
    public static readonly IReadOnlySet<string> BundleMediaTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "application/vnd.dev.sigstore.bundle+json;version=0.1",
        "application/vnd.dev.sigstore.bundle+json;version=0.2",
        "application/vnd.dev.sigstore.bundle+json;version=0.3",
        "application/vnd.dev.sigstore.bundle.v0.3+json",
    };

    /// <summary>
    /// Every document in the file. A JSON Lines file gives one per non-empty line; entries whose predicate type is not
    /// provenance are returned with <see cref="ProvenanceDocument.Skipped"/> set (the in-toto bundle format says to
    /// ignore them), whereas a single document with such a predicate is an error.
    /// </summary>
    public static IReadOnlyList<ProvenanceDocument> Parse(ReadOnlyMemory<byte> content, string source)
    {
        if (content.Length > MaxDocumentBytes)
        {
            throw new InputException(source, null, $"{content.Length} bytes is over the {MaxDocumentBytes}-byte limit for a provenance file.");
        }

        var lines = SplitLines(content);
        if (lines.Count > 1 && LooksLikeOneJsonValue(content[lines[0].Start..lines[0].End]))
        {
            if (lines.Count > MaxLines)
            {
                throw new InputException(source, null, $"has {lines.Count} JSON lines; at most {MaxLines} are accepted.");
            }

            return [.. lines.Select(line => ParseOne(content[line.Start..line.End], $"{source}:line {line.Number.ToString(CultureInfo.InvariantCulture)}", jsonLines: true))];
        }

        return [ParseOne(content, source, jsonLines: false)];
    }

    /// <summary>One document (statement, envelope or bundle).</summary>
    public static ProvenanceDocument ParseOne(ReadOnlyMemory<byte> document, string source, bool jsonLines = false)
    {
        using var json = BoundedJson.Parse(document, source, MaxDocumentBytes);
        var root = new JsonAt(json.RootElement, source, "$").ExpectObject();
        var digest = Digest.Sha256(document.Span);
        if (root.String("mediaType") is { } mediaType)
        {
            return ReadBundle(root, mediaType, digest, source, jsonLines);
        }

        if (root.Child("payloadType") is not null)
        {
            var (statement, signatures, skipped) = ReadEnvelope(root, source, jsonLines);
            return new ProvenanceDocument
            {
                Digest = digest, Source = source, Format = ProvenanceDocument.DsseFormat,
                SignatureCount = signatures, Statement = statement, Skipped = skipped,
            };
        }

        if (root.Child("_type") is not null)
        {
            var (statement, skipped) = InTotoStatementReader.Read(root, jsonLines);
            return new ProvenanceDocument
            {
                Digest = digest, Source = source, Format = ProvenanceDocument.StatementFormat, Statement = statement, Skipped = skipped,
            };
        }

        throw root.Error("is not an in-toto statement (_type), DSSE envelope (payloadType) or Sigstore bundle (mediaType).");
    }

    private static ProvenanceDocument ReadBundle(JsonAt root, string mediaType, string digest, string source, bool jsonLines)
    {
        if (!BundleMediaTypes.Contains(mediaType))
        {
            throw root.Error("mediaType", $"'{Clip(mediaType)}' is not a Sigstore bundle media type this reader knows (v0.1, v0.2, v0.3).");
        }

        var material = root.RequiredObject("verificationMaterial");
        SignerInfo? signer = null;
        if (material.OptionalObject("certificate") is { } certificate)
        {
            signer = SigningCertificateReader.Read(certificate, "rawBytes");
        }
        else if (material.OptionalObject("x509CertificateChain") is { } chain)
        {
            // The first certificate of the chain is the leaf, the one issued to the signer.
            var certificates = chain.Array("certificates", 16);
            if (certificates.Count > 0)
            {
                signer = SigningCertificateReader.Read(certificates[0].ExpectObject(), "rawBytes");
            }
        }
        else if (material.OptionalObject("publicKey") is { } key && key.String("hint") is { } hint)
        {
            signer = new SignerInfo("public key " + hint, null);
        }

        TransparencyLogEntry? logEntry = null;
        var entries = material.Array("tlogEntries", MaxLogEntries);
        if (entries.Count > 0)
        {
            var entry = entries[0].ExpectObject();
            var integrated = entry.Int64("integratedTime");
            DateTimeOffset? integratedAt = integrated is { } seconds && seconds is > 0 and < 253402300799
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
            logEntry = new TransparencyLogEntry(entry.StringOrNumber("logIndex"), integratedAt);
        }

        InTotoStatement? statement = null;
        var signatures = 0;
        string? skipped = null;
        if (root.OptionalObject("dsseEnvelope") is { } envelope)
        {
            (statement, signatures, skipped) = ReadEnvelope(envelope, source, jsonLines);
        }
        else if (root.OptionalObject("messageSignature") is { } messageSignature)
        {
            // Signs an artifact's digest directly: an attestation of that signature, no statement to interpret.
            _ = messageSignature.RequiredString("signature");
            signatures = 1;
        }
        else
        {
            throw root.Error("has neither dsseEnvelope nor messageSignature.");
        }

        return new ProvenanceDocument
        {
            Digest = digest, Source = source, Format = ProvenanceDocument.BundleFormat, BundleMediaType = mediaType,
            SignatureCount = signatures, Signer = signer, LogEntry = logEntry, Statement = statement, Skipped = skipped,
        };
    }

    private static (InTotoStatement? Statement, int Signatures, string? Skipped) ReadEnvelope(JsonAt envelope, string source, bool jsonLines)
    {
        var payloadType = envelope.RequiredString("payloadType");
        if (payloadType != DssePayloadType)
        {
            throw envelope.Error("payloadType", $"'{Clip(payloadType)}' is not {DssePayloadType}.");
        }

        var signatures = envelope.Array("signatures", MaxSignatures);
        foreach (var signature in signatures)
        {
            signature.ExpectObject();
            _ = signature.String("sig");
            _ = signature.String("keyid");
        }

        var payload = Base64Field.Decode(envelope, "payload", MaxPayloadBytes);
        var payloadSource = $"{source} ({envelope.Path}.payload)";
        using var json = BoundedJson.Parse(payload, payloadSource, MaxPayloadBytes);
        var (statement, skipped) = InTotoStatementReader.Read(new JsonAt(json.RootElement, payloadSource, "$").ExpectObject(), jsonLines);
        return (statement, signatures.Count, skipped);
    }

    private static bool LooksLikeOneJsonValue(ReadOnlyMemory<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line.Span, new JsonReaderOptions { MaxDepth = BoundedJson.MaxDepth });
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static List<(int Start, int End, int Number)> SplitLines(ReadOnlyMemory<byte> content)
    {
        var lines = new List<(int, int, int)>();
        var span = content.Span;
        var start = 0;
        var number = 1;
        for (var i = 0; i <= span.Length; i++)
        {
            if (i < span.Length && span[i] != (byte)'\n')
            {
                continue;
            }

            var end = i;
            while (end > start && span[end - 1] is (byte)'\r' or (byte)' ' or (byte)'\t')
            {
                end--;
            }

            var first = start;
            while (first < end && span[first] is (byte)' ' or (byte)'\t')
            {
                first++;
            }

            if (end > first)
            {
                lines.Add((first, end, number));
            }

            start = i + 1;
            number++;
        }

        return lines;
    }

    internal static string Clip(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
