namespace Tether.Server.Access;

/// <summary>
/// Authentication scheme names. <see cref="Default"/> is a policy scheme: a request carrying an Authorization header is
/// authenticated by <see cref="Bearer"/>; any other by the cookie scheme when one is registered
/// (<see cref="AccessOptions.CookieScheme"/>, the web UI's sign-in), else by <see cref="Bearer"/> (and challenged with 401).
/// </summary>
public static class AccessSchemes
{
    public const string Default = "tether";
    public const string Bearer = "tether-bearer";
}

/// <summary>Access settings read at start-up.</summary>
public sealed class AccessOptions
{
    /// <summary>Name of a cookie authentication scheme the web UI registers, or null when there is none.</summary>
    public string? CookieScheme { get; set; }

    /// <summary>When true, <c>/metrics</c> needs a viewer token like the API; by default it is anonymous for Prometheus.</summary>
    public bool ProtectMetrics { get; set; }
}
