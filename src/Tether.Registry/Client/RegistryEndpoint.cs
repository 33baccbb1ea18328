using System.Net;
using Tether.Core.Identity;

namespace Tether.Registry.Client;

/// <summary>
/// A registry host and how to reach it: plain HTTP on loopback (127.0.0.0/8, localhost, ::1) as Docker does,
/// HTTPS otherwise; Docker Hub's name <c>docker.io</c> is served by <c>registry-1.docker.io</c>.
/// </summary>
public sealed record RegistryEndpoint(string Registry, string Host, bool IsLoopback)
{
    /// <summary>Parses <c>host[:port]</c> (IPv6 in brackets). Throws <see cref="FormatException"/> for anything else.</summary>
    public static RegistryEndpoint Parse(string registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var name = registry.Trim().ToLowerInvariant();
        if (name is "index.docker.io" or "registry-1.docker.io")
        {
            name = ImageName.DockerHub;
        }

        if (name.Length == 0 || name.Length > 255 || name.Contains('/', StringComparison.Ordinal) || name.Contains('@', StringComparison.Ordinal)
            || !Uri.TryCreate("http://" + name, UriKind.Absolute, out var uri) || uri.PathAndQuery != "/" || uri.Host.Length == 0)
        {
            throw new FormatException($"'{registry}' is not a registry host (expected host[:port], e.g. ghcr.io or 127.0.0.1:5000).");
        }

        var host = name == ImageName.DockerHub ? "registry-1.docker.io" : name;
        return new RegistryEndpoint(name, host, IsLoopbackHost(uri.Host));
    }

    /// <summary>The API base (<c>scheme://host[:port]/</c>).</summary>
    public Uri BaseUri(bool plainHttp) => new($"{(plainHttp ? "http" : "https")}://{Host}/");

    public static bool IsLoopbackHost(string host)
    {
        var bare = host.Trim('[', ']');
        if (bare.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(bare, out var address) && IPAddress.IsLoopback(address);
    }
}
