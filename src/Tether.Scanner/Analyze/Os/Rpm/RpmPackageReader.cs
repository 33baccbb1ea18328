using Tether.Core.Errors;
using Tether.Vulnerabilities.Sbom.Parse;

namespace Tether.Scanner.Analyze.Os.Rpm;

/// <summary>
/// Turns one header blob of an rpm database (any backend) into a package: NAME, VERSION-RELEASE, EPOCH (when not 0),
/// ARCH, LICENSE, SOURCERPM split into source name and version-release (<c>openssl-3.0.7-18.el9_2.src.rpm</c> →
/// <c>openssl</c>, <c>3.0.7-18.el9_2</c>) and the file list (DIRNAMES[DIRINDEXES[i]] + BASENAMES[i], or the
/// OLDFILENAMES of rpm &lt; 4.1), relative to the root. <c>gpg-pubkey</c> entries are the keys rpm trusts,
/// imported as pseudo-packages: not software, so not packages (null).
/// </summary>
internal static class RpmPackageReader
{
    public static ScannedPackage? Read(ReadOnlyMemory<byte> blob, string path, string record, FileListBudget budget)
    {
        var header = RpmHeader.Parse(blob, path, record);
        var name = Required(header, RpmTag.Name, "NAME", path, record);
        if (name == "gpg-pubkey")
        {
            return null;
        }

        var version = Required(header, RpmTag.Version, "VERSION", path, record);
        var release = Required(header, RpmTag.Release, "RELEASE", path, record);
        var epoch = header.Int32(RpmTag.Epoch);
        var sourceRpm = header.String(RpmTag.SourceRpm);
        string? sourceName = null;
        string? sourceVersion = null;
        if (SourceRpmName.TryParse(sourceRpm, out var parsedName, out var parsedVersion))
        {
            sourceName = parsedName;
            sourceVersion = parsedVersion;
        }

        var license = header.String(RpmTag.License);
        return new ScannedPackage("rpm", name, $"{version}-{release}")
        {
            Epoch = epoch is null or 0 ? null : epoch,
            Architecture = header.String(RpmTag.Arch) is { Length: > 0 } arch ? arch : null,
            SourceName = sourceName,
            SourceVersion = sourceVersion,
            Licenses = string.IsNullOrEmpty(license) ? [] : [license],
            Path = path,
            Files = Files(header, path, record, budget),
        };
    }

    private static string Required(RpmHeader header, int tag, string tagName, string path, string record)
    {
        var value = header.String(tag);
        return string.IsNullOrEmpty(value) ? throw new InputException(path, record, $"header has no {tagName} (tag {tag}).") : value;
    }

    private static List<string> Files(RpmHeader header, string path, string record, FileListBudget budget)
    {
        var baseNames = header.StringArray(RpmTag.BaseNames);
        if (baseNames.Count == 0)
        {
            return [.. header.StringArray(RpmTag.OldFileNames).Select(f => budget.Take(f.TrimStart('/'), record))];
        }

        var dirNames = header.StringArray(RpmTag.DirNames);
        var dirIndexes = header.Int32Array(RpmTag.DirIndexes);
        if (dirIndexes.Count != baseNames.Count)
        {
            throw new InputException(path, record, $"header has {baseNames.Count} BASENAMES but {dirIndexes.Count} DIRINDEXES.");
        }

        var files = new List<string>(baseNames.Count);
        for (var i = 0; i < baseNames.Count; i++)
        {
            var index = dirIndexes[i];
            if (index < 0 || index >= dirNames.Count)
            {
                throw new InputException(path, record, $"DIRINDEXES[{i}] is {index}, outside the {dirNames.Count} DIRNAMES.");
            }

            // DIRNAMES end with '/': "/usr/bin/" + "bash".
            files.Add(budget.Join(dirNames[index].Trim('/'), baseNames[i], record));
        }

        return files;
    }
}
