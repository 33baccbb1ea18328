using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Tether.Pipeline.Parsing;

namespace Tether.Pipeline.Provenance.Parse;

/// <summary>
/// Reads who a Fulcio certificate was issued to: the subject alternative name (URI of the signing workflow, or an
/// e-mail) and the OIDC issuer extension. Nothing is verified here; callers label the result unverified.
/// </summary>
internal static class SigningCertificateReader
{
    private const string SubjectAltNameOid = "2.5.29.17";
    /// <summary>Fulcio "Issuer (V2)", a DER UTF8String.</summary>
    private const string FulcioIssuerV2Oid = "1.3.6.1.4.1.57264.1.8";
    /// <summary>Fulcio "Issuer" (deprecated), the raw string bytes.</summary>
    private const string FulcioIssuerV1Oid = "1.3.6.1.4.1.57264.1.1";
    private const int MaxCertificateBytes = 64 * 1024;

    public static SignerInfo Read(JsonAt certificate, string field)
    {
        var der = Base64Field.Decode(certificate, field, MaxCertificateBytes);
        X509Certificate2 parsed;
        try
        {
            parsed = X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException e)
        {
            throw certificate.Error(field, "is not a DER X.509 certificate: " + e.Message);
        }

        using (parsed)
        {
            return new SignerInfo(SubjectAlternativeName(parsed), Issuer(parsed));
        }
    }

    private static string? SubjectAlternativeName(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions[SubjectAltNameOid];
        if (extension is null)
        {
            return null;
        }

        try
        {
            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
            var names = reader.ReadSequence();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                // GeneralName: [1] rfc822Name, [6] uniformResourceIdentifier (both IA5String); others are skipped.
                if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 1 or 6)
                {
                    return names.ReadCharacterString(UniversalTagNumber.IA5String, tag);
                }

                names.ReadEncodedValue();
            }
        }
        catch (AsnContentException)
        {
            // A malformed extension leaves the identity unknown rather than failing the whole document.
        }

        return null;
    }

    private static string? Issuer(X509Certificate2 certificate)
    {
        if (certificate.Extensions[FulcioIssuerV2Oid] is { } v2)
        {
            try
            {
                return new AsnReader(v2.RawData, AsnEncodingRules.DER).ReadCharacterString(UniversalTagNumber.UTF8String);
            }
            catch (AsnContentException)
            {
                // Fall back to the older extension.
            }
        }

        return certificate.Extensions[FulcioIssuerV1Oid] is { } v1 ? Encoding.UTF8.GetString(v1.RawData) : null;
    }
}
