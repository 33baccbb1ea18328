using System.Net.Http.Headers;
using Tether.Registry.Client.Http;

namespace Tether.Registry.Client.Auth;

/// <summary>One <c>WWW-Authenticate</c> challenge: <c>Basic realm=…</c> or <c>Bearer realm=…,service=…,scope=…</c>.</summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? Realm => Get("realm");

    public string? Service => Get("service");

    public string? Scope => Get("scope");

    /// <summary><c>insufficient_scope</c>, <c>invalid_token</c>… when the registry says why.</summary>
    public string? Error => Get("error");

    public string? Get(string name) => Parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public static AuthChallenge Parse(string scheme, string? parameters) =>
        new(scheme, HeaderParameters.Parse(parameters));

    /// <summary>The challenges of a 401, Bearer first (a registry offering both prefers tokens).</summary>
    public static IReadOnlyList<AuthChallenge> FromHeaders(HttpHeaderValueCollection<AuthenticationHeaderValue> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return [.. headers
            .Select(h => Parse(h.Scheme, h.Parameter))
            .Where(c => c.IsBearer || c.IsBasic)
            .OrderBy(c => c.IsBearer ? 0 : 1)];
    }
}
