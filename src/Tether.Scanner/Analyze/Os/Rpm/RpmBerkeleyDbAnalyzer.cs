using Tether.Core.Errors;

namespace Tether.Scanner.Analyze.Os.Rpm;

/// <summary>
/// rpm's Berkeley DB database, <c>Packages</c> (RHEL/CentOS ≤ 8, Amazon Linux 2, older Fedora and SUSE): a hash
/// database whose values are header blobs (<see cref="BerkeleyHashReader"/>). The index files beside it (Name,
/// Basenames…) are not needed.
/// </summary>
public sealed class RpmBerkeleyDbAnalyzer : IFileAnalyzer
{
    public const int MaxPackages = 100_000;

    public string Name => "rpm-bdb";

    public long MaxBytes => 512L << 20;

    public bool Wants(string path) => RpmDatabasePaths.Is(path, "Packages");

    public IReadOnlyList<ScannedPackage> Analyze(string path, ReadOnlyMemory<byte> content)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (content.Length > MaxBytes)
        {
            throw new InputException(path, null, $"is {content.Length} bytes, over the {MaxBytes}-byte limit.");
        }

        var packages = new List<ScannedPackage>();
        var budget = new FileListBudget(path);
        foreach (var (where, value) in BerkeleyHashReader.Values(path, content))
        {
            if (packages.Count == MaxPackages)
            {
                throw new InputException(path, where, $"more than {MaxPackages} packages.");
            }

            if (RpmPackageReader.Read(value, path, where, budget) is { } package)
            {
                packages.Add(package);
            }
        }

        return packages;
    }
}
