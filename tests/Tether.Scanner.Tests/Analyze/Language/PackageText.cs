using System.Text;
using Tether.Scanner.Analyze;

namespace Tether.Scanner.Tests.Analyze.Language;

/// <summary>Packages as sorted one-line texts, so tests assert whole sets: <c>@babel/helper-string-parser@7.19.4</c>.</summary>
internal static class PackageText
{
    public static string[] Of(IEnumerable<ScannedPackage> packages, bool markDevelopment = false) =>
        [.. packages.Select(p => One(p, markDevelopment)).Order(StringComparer.Ordinal)];

    public static string One(ScannedPackage package, bool markDevelopment = false)
    {
        var text = new StringBuilder();
        if (package.Namespace is { } ns)
        {
            text.Append(ns).Append(package.Type == "maven" ? ':' : '/');
        }

        text.Append(package.Name).Append('@').Append(package.Version);
        if (markDevelopment && package.Development)
        {
            text.Append(" dev");
        }

        return text.ToString();
    }

    public static ReadOnlyMemory<byte> Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
