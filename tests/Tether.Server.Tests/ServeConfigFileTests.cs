using Tether.Core.Errors;
using Tether.Server.Configuration;
using Xunit;

namespace Tether.Server.Tests;

public sealed class ServeConfigFileTests
{
    private static readonly ServerSettings Defaults = new(["http://127.0.0.1:8080"]);

    [Fact]
    public void Durations_collectors_and_oidc_are_read()
    {
        var settings = ServeConfigFile.Read("""
            requestTimeout: 10s
            warmRecommendations: false
            access: { protectMetrics: true, cookieScheme: Cookies }
            oidc: { audience: tether, allowedRepositories: [acme/*, solo/app] }
            collectors:
              leaseTtl: 90s
              registry: { interval: 2h, targets: [ghcr.io/acme/web] }
              advisories: { interval: 1d, osv: [/data/osv] }
            """, "t.yaml", Defaults);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.RequestTimeout);
        Assert.False(settings.WarmRecommendations);
        Assert.True(Defaults.WarmRecommendations);
        Assert.True(settings.Access.ProtectMetrics);
        Assert.Equal("Cookies", settings.Access.CookieScheme);
        Assert.True(settings.Oidc.Allows("ACME/web"));
        Assert.False(settings.Oidc.Allows("solo/other"));
        Assert.Equal(TimeSpan.FromSeconds(90), settings.Collectors.LeaseTtl);
        Assert.Equal(TimeSpan.FromHours(2), settings.Collectors.Registry!.Interval);
        Assert.Equal(TimeSpan.FromDays(1), settings.Collectors.Advisories!.Interval);
        Assert.Null(settings.Collectors.Kubernetes);
        Assert.Equal(Defaults.Urls, settings.Urls);
    }

    [Theory]
    [InlineData("collectors: { kubernetes: { interval: soon } }", "collectors.kubernetes.interval")]
    [InlineData("oidc: { audience: tether }", "oidc.allowedRepositories")]
    [InlineData("collectors: { registry: { interval: 5m } }", "collectors.registry.targets")]
    public void A_bad_value_names_its_field(string yaml, string field)
    {
        var error = Assert.Throws<InputException>(() => ServeConfigFile.Read(yaml, "t.yaml", Defaults));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void An_unknown_key_is_an_error_not_silently_ignored()
    {
        var error = Assert.Throws<InputException>(() => ServeConfigFile.Read("colectors: {}", "t.yaml", Defaults));
        Assert.Equal("t.yaml", error.Source);
        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
    }
}
