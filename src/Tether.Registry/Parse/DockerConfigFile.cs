namespace Tether.Registry.Parse;

/// <summary>The credential parts of a Docker CLI <c>config.json</c>.</summary>
public sealed record DockerConfigFile(
    IReadOnlyDictionary<string, DockerAuthEntry> Auths,
    IReadOnlyDictionary<string, string> CredHelpers,
    string? CredsStore)
{
    public static readonly DockerConfigFile Empty = new(new Dictionary<string, DockerAuthEntry>(), new Dictionary<string, string>(), null);
}

/// <summary>
/// One <c>auths</c> entry, its base64 <c>auth</c> already split into username and password. Secrets are never
/// printed: <see cref="ToString"/> names only the user.
/// </summary>
public sealed record DockerAuthEntry(string? Username, string? Password, string? IdentityToken, string? RegistryToken)
{
    public bool IsEmpty => Username is null && Password is null && IdentityToken is null && RegistryToken is null;

    public override string ToString() => $"DockerAuthEntry {{ Username = {Username} }}";
}
