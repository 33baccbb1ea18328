using System.Text;

namespace Tether.Vulnerabilities.Advisories.Import;

/// <summary>Names of inputs as shown to users and recorded in the store.</summary>
internal static class InputNames
{
    /// <summary>
    /// Control characters replaced: zip entry names come from the archive and reach the terminal in warnings,
    /// where escape sequences must not be interpreted.
    /// </summary>
    public static string Printable(string name)
    {
        if (!name.Any(char.IsControl))
        {
            return name;
        }

        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.ToString();
    }

    /// <summary>A URL without credentials or query (tokens travel there; they must not be printed or stored).</summary>
    public static string Url(Uri uri) => new UriBuilder(uri) { UserName = "", Password = "", Query = "", Fragment = "" }.Uri.ToString();

    public static bool IsUrl(string input, out Uri? uri) =>
        Uri.TryCreate(input, UriKind.Absolute, out uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
