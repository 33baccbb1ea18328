using System.Text;
using Tether.Core.Errors;
using Tether.Core.Parsing;

namespace Tether.Registry.Parse;

/// <summary>
/// Parses a Docker CLI <c>config.json</c>: <c>auths</c> (base64 <c>auth</c> or username/password, <c>identitytoken</c>,
/// <c>registrytoken</c>), <c>credHelpers</c> and <c>credsStore</c>. Errors name the file and field, never a secret.
/// </summary>
public static class DockerConfigParser
{
    private const int MaxBytes = 4 * 1024 * 1024;
    private const int MaxEntries = 10_000;

    public static DockerConfigFile Parse(ReadOnlyMemory<byte> bytes, string source)
    {
        using var document = BoundedJson.Parse(bytes, source, MaxBytes);
        var root = JsonFields.RequireObject(document.RootElement, source, "$");

        var auths = new Dictionary<string, DockerAuthEntry>(StringComparer.Ordinal);
        if (JsonFields.Optional(root, "auths") is { } authsElement)
        {
            JsonFields.RequireObject(authsElement, source, "$.auths");
            foreach (var property in authsElement.EnumerateObject())
            {
                if (auths.Count >= MaxEntries)
                {
                    throw new InputException(source, "$.auths", $"has more than {MaxEntries} entries.");
                }

                auths[property.Name] = ParseEntry(property.Value, source, $"$.auths[\"{JsonFields.Clip(property.Name)}\"]");
            }
        }

        var helpers = JsonFields.OptionalStringMap(root, "credHelpers", source, "$", MaxEntries) ?? new Dictionary<string, string>();
        var store = JsonFields.OptionalString(root, "credsStore", source, "$");
        return new DockerConfigFile(auths, helpers, string.IsNullOrEmpty(store) ? null : store);
    }

    /// <summary>
    /// A credential helper's <c>get</c> answer: <c>{"ServerURL","Username","Secret"}</c>. The username
    /// <c>&lt;token&gt;</c> means the secret is an identity token, as in the Docker CLI.
    /// </summary>
    public static Client.Auth.RegistryCredential? ParseHelperOutput(ReadOnlyMemory<byte> bytes, string source)
    {
        using var document = BoundedJson.Parse(bytes, source, MaxBytes);
        var root = JsonFields.RequireObject(document.RootElement, source, "$");
        var username = Blank(JsonFields.OptionalString(root, "Username", source, "$"));
        var secret = Blank(JsonFields.OptionalString(root, "Secret", source, "$"));
        if (secret is null)
        {
            return null;
        }

        return username == "<token>"
            ? new Client.Auth.RegistryCredential(null, null, IdentityToken: secret)
            : new Client.Auth.RegistryCredential(username, secret);
    }

    private static DockerAuthEntry ParseEntry(System.Text.Json.JsonElement element, string source, string path)
    {
        JsonFields.RequireObject(element, source, path);
        var username = Blank(JsonFields.OptionalString(element, "username", source, path));
        var password = Blank(JsonFields.OptionalString(element, "password", source, path));
        var auth = Blank(JsonFields.OptionalString(element, "auth", source, path));
        if (auth is not null)
        {
            // "auth" is base64("user:password"); it wins over separate fields, as in the Docker CLI.
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            }
            catch (FormatException e)
            {
                throw new InputException(source, $"{path}.auth", "is not valid base64.", e);
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InputException(source, $"{path}.auth", "does not decode to 'username:password'.");
            }

            username = decoded[..colon];
            password = decoded[(colon + 1)..];
        }

        return new DockerAuthEntry(
            username,
            password,
            Blank(JsonFields.OptionalString(element, "identitytoken", source, path)),
            Blank(JsonFields.OptionalString(element, "registrytoken", source, path)));
    }

    private static string? Blank(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
