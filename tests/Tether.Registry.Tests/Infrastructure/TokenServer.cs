using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tether.Testing;

namespace Tether.Registry.Tests.Infrastructure;

/// <summary>
/// A Docker token server (https://distribution.github.io/distribution/spec/auth/token/) on 127.0.0.1 that the
/// real docker-registry trusts: it signs ES256 JWTs with a leaf certificate whose chain (x5c) ends at the root
/// the registry is configured with. User tether/tether-test (or identity token <see cref="RefreshToken"/>) may
/// pull and push anything and list the catalog; anonymous callers may pull repositories under <c>public/</c>.
/// </summary>
public sealed class TokenServer : IAsyncDisposable
{
    public const string Service = "tether-test-registry";
    public const string Issuer = "tether-test-issuer";
    public const string RefreshToken = "tether-refresh-token";

    private readonly WebApplication _app;
    private readonly ECDsa _signingKey;
    private readonly X509Certificate2 _leaf;
    private readonly X509Certificate2 _root;
    private readonly object _lock = new();
    private readonly List<TokenRequest> _requests = [];

    private TokenServer(WebApplication app, ECDsa signingKey, X509Certificate2 leaf, X509Certificate2 root)
    {
        _app = app;
        _signingKey = signingKey;
        _leaf = leaf;
        _root = root;
    }

    public string Realm { get; private set; } = "";

    /// <summary>PEM of the root the registry trusts (its <c>rootcertbundle</c>).</summary>
    public string RootPem => _root.ExportCertificatePem();

    /// <summary>Answer with <c>access_token</c> only (OAuth2 style) instead of <c>token</c>.</summary>
    public bool AccessTokenFieldOnly { get; set; }

    /// <summary>The <c>expires_in</c> sent to clients (the JWT itself stays valid for 5 minutes).</summary>
    public int ExpiresInSeconds { get; set; } = 300;

    public IReadOnlyList<TokenRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<TokenServer> StartAsync()
    {
        var (root, leaf, key) = CreateChain();
        var app = LoopbackServer.Create();
        var server = new TokenServer(app, key, leaf, root);
        app.Map("/token", server.HandleAsync);
        server.Realm = new Uri(await LoopbackServer.StartAsync(app), "/token").ToString();
        return server;
    }

    public void ClearRequests()
    {
        lock (_lock)
        {
            _requests.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _signingKey.Dispose();
        _leaf.Dispose();
        _root.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var query = context.Request.Query;
        string? scope = query["scope"];
        string? service = query["service"];
        string? user = null;
        var usedIdentityToken = false;
        if (HttpMethods.IsPost(context.Request.Method))
        {
            var form = await context.Request.ReadFormAsync();
            scope = form["scope"];
            service = form["service"];
            if (form["grant_type"] != "refresh_token" || form["refresh_token"] != RefreshToken)
            {
                context.Response.StatusCode = 401;
                return;
            }

            user = "tether";
            usedIdentityToken = true;
        }
        else if (context.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization)
        {
            var decoded = authorization.StartsWith("Basic ", StringComparison.Ordinal)
                ? Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..]))
                : "";
            if (decoded != "tether:tether-test")
            {
                Record(new TokenRequest(context.Request.Method, scope, service, null, false, Refused: true));
                context.Response.StatusCode = 401;
                await context.Response.WriteAsync("""{"details":"incorrect username or password"}""");
                return;
            }

            user = "tether";
        }

        Record(new TokenRequest(context.Request.Method, scope, service, user, usedIdentityToken, Refused: false));
        var access = new List<object>();
        foreach (var requested in (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var first = requested.IndexOf(':', StringComparison.Ordinal);
            var last = requested.LastIndexOf(':');
            if (first < 0 || last <= first)
            {
                continue;
            }

            var type = requested[..first];
            var name = requested[(first + 1)..last];
            var actions = requested[(last + 1)..].Split(',');
            var granted = user is not null
                ? actions
                : type == "repository" && name.StartsWith("public/", StringComparison.Ordinal) ? actions.Where(a => a == "pull").ToArray() : [];
            if (granted.Length > 0)
            {
                access.Add(new { type, name, actions = granted });
            }
        }

        var token = Sign(user ?? "", access);
        context.Response.ContentType = "application/json";
        var body = AccessTokenFieldOnly
            ? JsonSerializer.Serialize(new { access_token = token, expires_in = ExpiresInSeconds })
            : JsonSerializer.Serialize(new { token, expires_in = ExpiresInSeconds, issued_at = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) });
        await context.Response.WriteAsync(body);
    }

    private string Sign(string subject, List<object> access)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new Dictionary<string, object>
        {
            ["typ"] = "JWT",
            ["alg"] = "ES256",
            ["x5c"] = new[] { Convert.ToBase64String(_leaf.RawData), Convert.ToBase64String(_root.RawData) },
        };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["aud"] = Service,
            ["exp"] = now + 300,
            ["nbf"] = now - 60,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        // .NET signs ECDSA in IEEE P1363 (r||s), which is what JWS ES256 wants.
        var signature = _signingKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return signingInput + "." + Base64Url(signature);
    }

    private void Record(TokenRequest request)
    {
        lock (_lock)
        {
            _requests.Add(request);
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (X509Certificate2 Root, X509Certificate2 Leaf, ECDsa LeafKey) CreateChain()
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=tether-test-token-root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, true));
        var rootSki = new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false);
        rootRequest.CertificateExtensions.Add(rootSki);
        var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(2));

        var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=tether-test-token-signer", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(rootSki));
        var leaf = leafRequest.Create(root, now.AddDays(-1), now.AddDays(1), RandomNumberGenerator.GetBytes(8));
        return (root, leaf, leafKey);
    }
}

/// <summary>One call to the token endpoint as the server saw it.</summary>
public sealed record TokenRequest(string Method, string? Scope, string? Service, string? User, bool IdentityToken, bool Refused);
