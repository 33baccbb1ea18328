using System.Net.Http.Headers;
using Tether.Registry.Client;
using Tether.Registry.Client.Auth;
using Tether.Registry.Client.Http;
using Xunit;

namespace Tether.Registry.Tests.Client;

public sealed class HeaderParsingTests
{
    [Fact]
    public void A_docker_hub_bearer_challenge_gives_realm_service_and_scope()
    {
        // As sent by registry-1.docker.io for GET /v2/library/ubuntu/manifests/latest.
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ParseAdd("""Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull" """.Trim());

        var challenge = Assert.Single(AuthChallenge.FromHeaders(response.Headers.WwwAuthenticate));

        Assert.True(challenge.IsBearer);
        Assert.Equal(("https://auth.docker.io/token", "registry.docker.io", "repository:library/ubuntu:pull"), (challenge.Realm, challenge.Service, challenge.Scope));
    }

    [Fact]
    public void Quoted_commas_and_escapes_stay_inside_their_value()
    {
        var challenge = AuthChallenge.Parse("Bearer", """realm="https://auth.example/token",scope="repository:app:pull,push",error="insufficient_scope",note="a \"quoted\" word" """);

        Assert.Equal("repository:app:pull,push", challenge.Scope);
        Assert.Equal("insufficient_scope", challenge.Error);
        Assert.Equal("a \"quoted\" word", challenge.Get("note"));
    }

    [Fact]
    public void Bearer_is_preferred_when_a_registry_offers_basic_too()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("Basic", "realm=\"r\""));
        response.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("Bearer", "realm=\"https://t/token\""));
        response.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("Negotiate"));

        Assert.Equal(["Bearer", "Basic"], AuthChallenge.FromHeaders(response.Headers.WwwAuthenticate).Select(c => c.Scheme));
    }

    [Theory]
    [InlineData("""</v2/_catalog?last=b&n=2>; rel="next" """, "http://r:5000/v2/_catalog?last=b&n=2")]
    [InlineData("""<https://r:5000/v2/app/tags/list?n=1&last=v1>; rel="prev", <https://r:5000/v2/app/tags/list?n=1&last=v2>; rel=next""", "https://r:5000/v2/app/tags/list?n=1&last=v2")]
    [InlineData("""</v2/app/tags/list?last=a,b>; type="x,y"; rel="next" """, "http://r:5000/v2/app/tags/list?last=a,b")]
    [InlineData("""</v2/app/tags/list?n=1>; rel="prev" """, null)]
    public void The_next_page_is_read_from_link_headers(string header, string? expected) =>
        Assert.Equal(expected, LinkHeader.Next([header.Trim()], new Uri("http://r:5000/v2/_catalog?n=2"))?.ToString());

    [Theory]
    [InlineData("127.0.0.1:5000", true, "http://127.0.0.1:5000/")]
    [InlineData("127.8.9.10", true, "http://127.8.9.10/")]
    [InlineData("localhost:5000", true, "http://localhost:5000/")]
    [InlineData("[::1]:5000", true, "http://[::1]:5000/")]
    [InlineData("ghcr.io", false, "https://ghcr.io/")]
    [InlineData("10.0.0.5:5000", false, "https://10.0.0.5:5000/")]
    [InlineData("docker.io", false, "https://registry-1.docker.io/")]
    [InlineData("index.docker.io", false, "https://registry-1.docker.io/")]
    public void Loopback_registries_use_plain_http_and_the_rest_https(string registry, bool loopback, string baseUri)
    {
        var endpoint = RegistryEndpoint.Parse(registry);

        Assert.Equal(loopback, endpoint.IsLoopback);
        Assert.Equal(baseUri, endpoint.BaseUri(plainHttp: endpoint.IsLoopback).ToString());
    }

    [Theory]
    [InlineData("ghcr.io/org")]
    [InlineData("user@ghcr.io")]
    [InlineData("")]
    [InlineData("ghcr.io:notaport")]
    public void Registry_hosts_with_paths_credentials_or_bad_ports_are_refused(string registry) =>
        Assert.Throws<FormatException>(() => RegistryEndpoint.Parse(registry));

    [Fact]
    public void Backoff_grows_exponentially_and_honors_retry_after_within_bounds()
    {
        var policy = new RetryPolicy { MaxAttempts = 4, BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1), MaxTotalDelay = TimeSpan.FromSeconds(2) };

        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.DelayBefore(2, null, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromMilliseconds(400), policy.DelayBefore(4, null, TimeSpan.Zero));
        Assert.Null(policy.DelayBefore(5, null, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromMilliseconds(700), policy.DelayBefore(2, TimeSpan.FromMilliseconds(700), TimeSpan.Zero));
        Assert.Null(policy.DelayBefore(2, TimeSpan.FromSeconds(30), TimeSpan.Zero));
        Assert.Null(policy.DelayBefore(3, TimeSpan.FromMilliseconds(900), TimeSpan.FromMilliseconds(1500)));
    }
}
