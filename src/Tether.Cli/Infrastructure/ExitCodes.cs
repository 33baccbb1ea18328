namespace Tether.Cli.Infrastructure;

/// <summary>Exit codes of every `tether` command (listed in `tether --help`).</summary>
public enum ExitCode
{
    Ok = 0,
    /// <summary>Unexpected failure (a bug, or an environment problem such as a full disk).</summary>
    Failure = 1,
    /// <summary>Bad input or usage: a malformed file, a field that does not parse, a wrong option. Nothing was stored.</summary>
    BadInput = 2,
    /// <summary>The target (image, pod, vulnerability) is not in the store.</summary>
    NotFound = 3,
    /// <summary>A remote service failed: registry, Kubernetes API or Tether server (401/403/404/429/5xx, network).</summary>
    RemoteError = 4,
    /// <summary>The store cannot be opened or written.</summary>
    StoreError = 5,
}

public static class ExitCodes
{
    public const string Help =
        "Exit codes: 0 ok · 1 unexpected failure · 2 bad input (nothing stored) · 3 not found · " +
        "4 remote service error (registry, Kubernetes API, server) · 5 store cannot be opened or written.";
}
