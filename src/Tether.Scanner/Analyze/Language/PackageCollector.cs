using Tether.Core.Errors;

namespace Tether.Scanner.Analyze.Language;

/// <summary>
/// Gathers one file's packages as a set: a package installed at several places in one tree (npm's nested
/// node_modules, a jar shaded into another) is reported once; it stays a development package only when every
/// occurrence is one. Enforces <see cref="LanguageLimits.MaxPackagesPerFile"/>.
/// </summary>
internal sealed class PackageCollector(string path)
{
    private readonly Dictionary<(string? Namespace, string Name, string Version), int> _index = [];
    private readonly List<ScannedPackage> _packages = [];

    public int Count => _packages.Count;

    public void Add(ScannedPackage package)
    {
        var key = (package.Namespace, package.Name, package.Version);
        if (_index.TryGetValue(key, out var at))
        {
            if (_packages[at].Development && !package.Development)
            {
                _packages[at] = _packages[at] with { Development = false };
            }

            return;
        }

        if (_packages.Count >= LanguageLimits.MaxPackagesPerFile)
        {
            throw new InputException(path, null, $"names more than {LanguageLimits.MaxPackagesPerFile} packages.");
        }

        _index[key] = _packages.Count;
        _packages.Add(package);
    }

    public IReadOnlyList<ScannedPackage> ToList() => _packages;

    /// <summary>A name or version as coordinates: trimmed, non-empty and bounded, or an error naming the field.</summary>
    public static string Coordinate(string? value, string source, string field)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new InputException(source, field, "is empty.");
        }

        return trimmed.Length <= LanguageLimits.MaxFieldLength
            ? trimmed
            : throw new InputException(source, field, $"is {trimmed.Length} characters long; at most {LanguageLimits.MaxFieldLength} are accepted.");
    }
}
