using System.Globalization;
using Tether.Core.Errors;
using Tether.Server.Access;
using Tether.Server.Access.Oidc;
using Tether.Server.Collectors;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Tether.Server.Configuration;

/// <summary>
/// <c>tether-serve.yaml</c> (<c>tether serve --server-config FILE</c>): listen addresses, limits, access, GitHub OIDC and
/// collectors. Durations are written <c>30s</c>, <c>5m</c>, <c>2h</c>, <c>7d</c>. Unknown keys are errors: a typo must not
/// silently disable a collector or an allow-list. See docs/server.md.
/// </summary>
public static class ServeConfigFile
{
    public const int MaxBytes = 256 * 1024;

    public static ServerSettings Read(string yaml, string source, ServerSettings defaults)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(defaults);
        if (yaml.Length > MaxBytes)
        {
            throw new InputException(source, null, $"over {MaxBytes} bytes.");
        }

        Document? document;
        try
        {
            document = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build().Deserialize<Document?>(yaml);
        }
        catch (YamlException e)
        {
            throw new InputException(source, null, $"line {e.Start.Line}: {(e.InnerException ?? e).Message}", e);
        }

        if (document is null)
        {
            return defaults;
        }

        var settings = defaults with
        {
            Urls = document.Listen is { Count: > 0 } listen ? [.. listen] : defaults.Urls,
            RequestTimeout = Duration(document.RequestTimeout, source, "requestTimeout") ?? defaults.RequestTimeout,
            LogRequests = document.LogRequests ?? defaults.LogRequests,
            WarmRecommendations = document.WarmRecommendations ?? defaults.WarmRecommendations,
            Access = new AccessOptions
            {
                CookieScheme = document.Access?.CookieScheme ?? defaults.Access.CookieScheme,
                ProtectMetrics = document.Access?.ProtectMetrics ?? defaults.Access.ProtectMetrics,
            },
        };
        if (document.Oidc is { } oidc)
        {
            var options = new GitHubOidcOptions
            {
                Issuer = oidc.Issuer ?? GitHubOidcOptions.GitHubIssuer,
                Audience = oidc.Audience,
                ClockSkew = Duration(oidc.ClockSkew, source, "oidc.clockSkew") ?? TimeSpan.FromSeconds(60),
            };
            foreach (var repository in oidc.AllowedRepositories ?? [])
            {
                options.AllowedRepositories.Add(repository);
            }

            if (options.Enabled && options.AllowedRepositories.Count == 0)
            {
                throw new InputException(source, "oidc.allowedRepositories", "is empty: with an audience set, name the repositories (owner/repo, owner/* or owner) that may report.");
            }

            settings = settings with { Oidc = options };
        }

        if (document.Collectors is { } collectors)
        {
            settings = settings with { Collectors = Collectors(collectors, source) };
        }

        return settings;
    }

    private static CollectorSettings Collectors(CollectorsDocument c, string source)
    {
        var settings = new CollectorSettings { LeaseTtl = Duration(c.LeaseTtl, source, "collectors.leaseTtl") ?? TimeSpan.FromMinutes(2) };
        if (c.Kubernetes is { } k)
        {
            settings.Kubernetes = new KubernetesCollectorSettings
            {
                Interval = Duration(k.Interval, source, "collectors.kubernetes.interval") ?? TimeSpan.FromMinutes(5),
                Kubeconfig = k.Kubeconfig,
                Namespace = k.Namespace,
                Contexts = [.. k.Contexts ?? []],
                InClusterName = k.InClusterName ?? "in-cluster",
            };
        }

        if (c.Registry is { } r)
        {
            if (r.Targets is not { Count: > 0 })
            {
                throw new InputException(source, "collectors.registry.targets", "is empty: name REGISTRY or REGISTRY/REPO targets.");
            }

            settings.Registry = new RegistryCollectorSettings
            {
                Interval = Duration(r.Interval, source, "collectors.registry.interval") ?? TimeSpan.FromMinutes(15),
                Targets = [.. r.Targets],
                Insecure = r.Insecure ?? false,
            };
        }

        if (c.Advisories is { } a)
        {
            if (a.Osv is not { Count: > 0 })
            {
                throw new InputException(source, "collectors.advisories.osv", "is empty: name OSV paths or URLs.");
            }

            settings.Advisories = new AdvisoryCollectorSettings
            {
                Interval = Duration(a.Interval, source, "collectors.advisories.interval") ?? TimeSpan.FromHours(1),
                Osv = [.. a.Osv],
            };
        }

        return settings;
    }

    /// <summary><c>30s</c>, <c>5m</c>, <c>2h</c>, <c>7d</c>; null when absent.</summary>
    public static TimeSpan? Duration(string? text, string source, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (text.Length >= 2 && long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 100_000)
        {
            switch (text[^1])
            {
                case 's': return TimeSpan.FromSeconds(n);
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd': return TimeSpan.FromDays(n);
            }
        }

        throw new InputException(source, field, $"'{text}' is not a duration (e.g. 30s, 5m, 2h, 7d).");
    }

    // YamlDotNet binds by setter: these mirror the file, then are checked and turned into settings above.
#pragma warning disable CA1812 // Instantiated by YamlDotNet.
    private sealed class Document
    {
        public List<string>? Listen { get; set; }
        public string? RequestTimeout { get; set; }
        public bool? LogRequests { get; set; }
        public bool? WarmRecommendations { get; set; }
        public AccessDocument? Access { get; set; }
        public OidcDocument? Oidc { get; set; }
        public CollectorsDocument? Collectors { get; set; }
    }

    private sealed class AccessDocument
    {
        public string? CookieScheme { get; set; }
        public bool? ProtectMetrics { get; set; }
    }

    private sealed class OidcDocument
    {
        public string? Issuer { get; set; }
        public string? Audience { get; set; }
        public List<string>? AllowedRepositories { get; set; }
        public string? ClockSkew { get; set; }
    }

    private sealed class CollectorsDocument
    {
        public string? LeaseTtl { get; set; }
        public KubernetesDocument? Kubernetes { get; set; }
        public RegistryDocument? Registry { get; set; }
        public AdvisoriesDocument? Advisories { get; set; }
    }

    private sealed class KubernetesDocument
    {
        public string? Interval { get; set; }
        public string? Kubeconfig { get; set; }
        public List<string>? Contexts { get; set; }
        public string? Namespace { get; set; }
        public string? InClusterName { get; set; }
    }

    private sealed class RegistryDocument
    {
        public string? Interval { get; set; }
        public List<string>? Targets { get; set; }
        public bool? Insecure { get; set; }
    }

    private sealed class AdvisoriesDocument
    {
        public string? Interval { get; set; }
        public List<string>? Osv { get; set; }
    }
#pragma warning restore CA1812
}
