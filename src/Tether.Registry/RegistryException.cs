using System.Net;
using System.Text;

namespace Tether.Registry;

/// <summary>What went wrong talking to a registry (or reading an OCI layout), so callers can decide what to skip.</summary>
public enum RegistryErrorKind
{
    /// <summary>401: no credentials, wrong credentials, or a token the registry refused.</summary>
    Unauthorized,
    /// <summary>403: the credentials are valid but not allowed to do this.</summary>
    Forbidden,
    /// <summary>404: unknown repository, tag, manifest or blob.</summary>
    NotFound,
    /// <summary>429 after the bounded retries.</summary>
    RateLimited,
    /// <summary>5xx after the bounded retries, or another unexpected status.</summary>
    ServerError,
    /// <summary>Connection refused, DNS, TLS, timeout.</summary>
    Network,
    /// <summary>The body ended before its announced length.</summary>
    Truncated,
    /// <summary>The bytes do not hash to the digest asked for or announced.</summary>
    DigestMismatch,
    /// <summary>The body is over the size cap for its kind.</summary>
    TooLarge,
    /// <summary>A manifest media type Tether does not read (Docker schema 1, unknown types).</summary>
    UnsupportedMediaType,
    /// <summary>The registry broke the protocol (missing header, bad redirect, malformed listing).</summary>
    Protocol,
}

/// <summary>
/// A registry failure whose message names the registry, repository, reference and HTTP status, so the
/// user knows which image and which server to look at.
/// </summary>
public sealed class RegistryException : Exception
{
    public RegistryException(
        RegistryErrorKind kind,
        string registry,
        string? repository,
        string? reference,
        HttpStatusCode? status,
        string detail,
        Exception? innerException = null)
        : base(Format(registry, repository, reference, status, detail), innerException)
    {
        Kind = kind;
        Registry = registry;
        Repository = repository;
        Reference = reference;
        Status = status;
        Detail = detail;
    }

    public RegistryException()
        : this(RegistryErrorKind.Protocol, "registry", null, null, null, "registry error")
    {
    }

    public RegistryException(string message)
        : this(RegistryErrorKind.Protocol, "registry", null, null, null, message)
    {
    }

    public RegistryException(string message, Exception innerException)
        : this(RegistryErrorKind.Protocol, "registry", null, null, null, message, innerException)
    {
    }

    public RegistryErrorKind Kind { get; }

    public string Registry { get; }

    public string? Repository { get; }

    /// <summary>Tag or digest, when one was being fetched.</summary>
    public string? Reference { get; }

    public HttpStatusCode? Status { get; }

    /// <summary>The reason without the location prefix.</summary>
    public string Detail { get; }

    private static string Format(string registry, string? repository, string? reference, HttpStatusCode? status, string detail)
    {
        var text = new StringBuilder("registry ").Append(registry);
        if (repository is not null)
        {
            text.Append(", repository ").Append(repository);
        }

        if (reference is not null)
        {
            text.Append(", reference ").Append(reference);
        }

        if (status is { } code)
        {
            text.Append(": HTTP ").Append((int)code).Append(' ').Append(code);
        }

        return text.Append(": ").Append(detail).ToString();
    }
}
