using Tether.Core.Errors;

namespace Tether.Scanner.Analyze.Language.Python;

/// <summary>
/// Installed Python distributions: <c>*.dist-info/METADATA</c> (wheels, pip), <c>*.egg-info/PKG-INFO</c>,
/// <c>*.egg-info</c> as a single file (distutils), and <c>EGG-INFO/PKG-INFO</c> inside an <c>.egg</c>. Names are
/// kept as written (PEP 503 normalization is the matcher's job). Licenses, in order of precedence: the PEP 639
/// <c>License-Expression</c>; <c>License</c> when it is a short name (not <c>UNKNOWN</c>, not a pasted license text);
/// else the last part of each <c>License ::</c> classifier.
/// </summary>
public sealed class PythonMetadataAnalyzer : IFileAnalyzer
{
    private const int MaxLicenseNameLength = 200;

    public string Name => "python-metadata";

    public long MaxBytes => 16 * 1024 * 1024;

    public bool Wants(string path)
    {
        var file = AnalyzerPath.FileName(path);
        var parent = AnalyzerPath.ParentName(path);
        return (file == "METADATA" && parent.EndsWith(".dist-info", StringComparison.Ordinal))
            || (file == "PKG-INFO" && (parent.EndsWith(".egg-info", StringComparison.Ordinal) || parent == "EGG-INFO"))
            || (file.EndsWith(".egg-info", StringComparison.Ordinal) && file.Length > ".egg-info".Length);
    }

    public IReadOnlyList<ScannedPackage> Analyze(string path, ReadOnlyMemory<byte> content)
    {
        if (content.Length > MaxBytes)
        {
            throw new InputException(path, null, $"{content.Length} bytes is over the {MaxBytes}-byte limit for Python metadata.");
        }

        var metadata = CoreMetadata.Parse(content.Span, path);
        var name = metadata.First("Name") ?? throw new InputException(path, "Name", "is required.");
        var version = metadata.First("Version") ?? throw new InputException(path, "Version", "is required.");
        return
        [
            new ScannedPackage("pypi", PackageCollector.Coordinate(name, path, "Name"), PackageCollector.Coordinate(version, path, "Version"))
            {
                Licenses = Licenses(metadata),
                Path = path,
            },
        ];
    }

    private static IReadOnlyList<string> Licenses(CoreMetadata metadata)
    {
        if (metadata.First("License-Expression") is { Length: > 0 } expression && IsName(expression))
        {
            return [expression];
        }

        if (metadata.First("License") is { Length: > 0 } license && IsName(license) && !license.Equals("UNKNOWN", StringComparison.OrdinalIgnoreCase))
        {
            return [license];
        }

        var fromClassifiers = new List<string>();
        foreach (var classifier in metadata.All("Classifier"))
        {
            // "License :: OSI Approved :: MIT License" → "MIT License"; the bare "License :: OSI Approved" names none.
            var parts = classifier.Split("::", StringSplitOptions.TrimEntries);
            if (parts.Length < 2 || parts[0] != "License" || classifier.Trim() == "License :: OSI Approved")
            {
                continue;
            }

            var licenseName = parts[^1];
            if (IsName(licenseName) && !fromClassifiers.Contains(licenseName) && fromClassifiers.Count < LanguageLimits.MaxLicenses)
            {
                fromClassifiers.Add(licenseName);
            }
        }

        return fromClassifiers;
    }

    // Some projects paste the whole license text into License; that is not a name.
    private static bool IsName(string value) => value.Length <= MaxLicenseNameLength && !value.Contains('\n', StringComparison.Ordinal);
}
