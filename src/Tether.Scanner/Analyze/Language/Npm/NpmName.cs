using Tether.Core.Errors;

namespace Tether.Scanner.Analyze.Language.Npm;

/// <summary>npm package names: <c>@scope/name</c> becomes namespace <c>@scope</c> and name <c>name</c> (purl's split).</summary>
internal static class NpmName
{
    public static (string? Scope, string Name) Split(string fullName, string source, string field)
    {
        var name = PackageCollector.Coordinate(fullName, source, field);
        if (!name.StartsWith('@'))
        {
            return name.Contains('/', StringComparison.Ordinal)
                ? throw new InputException(source, field, $"'{name}' is not an npm package name (only scoped names hold a '/').")
                : (null, name);
        }

        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 1 || slash == name.Length - 1 || name.IndexOf('/', slash + 1) >= 0)
        {
            throw new InputException(source, field, $"'{name}' is not a scoped npm package name (@scope/name).");
        }

        return (name[..slash], name[(slash + 1)..]);
    }

    /// <summary>
    /// Splits a dependency specifier <c>name@range</c> (yarn lock keys): the name is everything before the last
    /// <c>@</c> that is not the scope's leading one. An npm alias (<c>alias@npm:real@^1</c>) names the real package.
    /// </summary>
    public static (string Name, string Range) SplitSpecifier(string specifier)
    {
        var at = specifier.IndexOf('@', 1);
        if (at < 0)
        {
            return (specifier, "");
        }

        var name = specifier[..at];
        var range = specifier[(at + 1)..];
        if (range.StartsWith("npm:", StringComparison.Ordinal))
        {
            var (real, realRange) = SplitSpecifier(range[4..]);
            return realRange.Length > 0 ? (real, realRange) : (name, range);
        }

        return (name, range);
    }
}
