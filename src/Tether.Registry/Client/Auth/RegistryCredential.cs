namespace Tether.Registry.Client.Auth;

/// <summary>
/// Credentials for one registry: a username and password, an identity (refresh) token for the token server,
/// or a registry token sent as-is. <see cref="ToString"/> never prints a secret.
/// </summary>
public sealed record RegistryCredential(string? Username, string? Password, string? IdentityToken = null, string? RegistryToken = null)
{
    public bool HasPassword => !string.IsNullOrEmpty(Username) && Password is not null;

    public override string ToString() => $"RegistryCredential {{ Username = {Username} }}";
}

/// <summary>Looks up the credential for a registry host (<c>docker.io</c>, <c>ghcr.io</c>, <c>127.0.0.1:5000</c>).</summary>
public interface ICredentialProvider
{
    /// <summary>The credential to use, or null for anonymous access.</summary>
    Task<RegistryCredential?> GetAsync(string registry, CancellationToken cancellationToken);
}

/// <summary>One credential given on the command line (<c>--username</c>, <c>--password-stdin</c>).</summary>
public sealed class StaticCredentialProvider(RegistryCredential credential) : ICredentialProvider
{
    public Task<RegistryCredential?> GetAsync(string registry, CancellationToken cancellationToken) =>
        Task.FromResult<RegistryCredential?>(credential);
}
