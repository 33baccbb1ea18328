using Tether.Registry.Client.Auth;

namespace Tether.Registry.Client;

/// <summary>How a <see cref="RegistryClient"/> connects, authenticates, retries and bounds what it reads.</summary>
public sealed record RegistryClientOptions
{
    /// <summary>
    /// Allow plain HTTP (after trying HTTPS without certificate checks) for a registry that is not on loopback,
    /// like Docker's <c>insecure-registries</c>. Loopback registries always use plain HTTP.
    /// </summary>
    public bool Insecure { get; init; }

    /// <summary>Where credentials come from; null for anonymous access.</summary>
    public ICredentialProvider? Credentials { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    public RegistryLimits Limits { get; init; } = RegistryLimits.Default;

    /// <summary>The <c>n</c> sent to <c>_catalog</c> and <c>tags/list</c>; null leaves the page size to the registry.</summary>
    public int? PageSize { get; init; }

    /// <summary>Timeout of one HTTP exchange (not of a whole sync).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public string UserAgent { get; init; } = "tether-registry/1";
}
