using System.Globalization;
using Tether.Core.Errors;

namespace Tether.Scanner.Analyze.Os.Dpkg;

/// <summary>
/// Debian and Ubuntu packages from dpkg's database: <c>var/lib/dpkg/status</c> (every package dpkg knows, only those
/// whose state is <c>installed</c> are kept — <c>deinstall ok config-files</c> left only configuration behind) and
/// distroless images' <c>var/lib/dpkg/status.d/NAME</c> (one stanza per file, no <c>Status</c> field: everything there
/// is installed; the <c>.md5sums</c> files beside them are not package records).
/// <para>
/// <c>Version: 1:2.31.1-0.4ubuntu3.1</c> becomes epoch 1 and version <c>2.31.1-0.4ubuntu3.1</c>.
/// <c>Source: util-linux (2.31.1-0.4ubuntu3.1)</c> gives the source name and version; a bare <c>Source: pam</c> the
/// name only (dpkg: the source version is then the binary's); no <c>Source</c> field leaves both null (the source
/// package has the binary's name). Multi-Arch packages installed for two architectures are two packages.
/// </para>
/// </summary>
public sealed class DpkgStatusAnalyzer : IFileAnalyzer
{
    private const string StatusPath = "var/lib/dpkg/status";
    private const string StatusDirectory = "var/lib/dpkg/status.d/";

    public string Name => "dpkg";

    /// <summary>A status file of a full Debian desktop is a few megabytes.</summary>
    public long MaxBytes => 64L << 20;

    public bool Wants(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == StatusPath)
        {
            return true;
        }

        if (!path.StartsWith(StatusDirectory, StringComparison.Ordinal))
        {
            return false;
        }

        var name = path.AsSpan(StatusDirectory.Length);
        return name.Length > 0 && !name.Contains('/') && !name.EndsWith(".md5sums", StringComparison.Ordinal);
    }

    public IReadOnlyList<ScannedPackage> Analyze(string path, ReadOnlyMemory<byte> content) => AnalyzeWithWarnings(path, content).Packages;

    public FileAnalysis AnalyzeWithWarnings(string path, ReadOnlyMemory<byte> content)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = TextDatabase.Decode(path, content, MaxBytes);
        var distroless = path.StartsWith(StatusDirectory, StringComparison.Ordinal);
        var packages = new List<ScannedPackage>();
        var warnings = new List<AnalyzerWarning>();
        foreach (var stanza in ControlFileReader.Read(path, text))
        {
            var where = $"line {stanza.Line}";
            var name = stanza["Package"] ?? throw new InputException(path, where, "stanza has no Package field.");
            RequireToken(path, where, "Package", name);
            if (!IsInstalled(path, where, stanza["Status"], distroless))
            {
                continue;
            }

            var fullVersion = stanza["Version"];
            if (fullVersion is null)
            {
                warnings.Add(new AnalyzerWarning(path, where, $"package '{name}' is installed but has no Version; skipped."));
                continue;
            }

            RequireToken(path, where, "Version", fullVersion);
            var (epoch, version) = SplitEpoch(path, where, fullVersion);
            var architecture = stanza["Architecture"];
            if (architecture is not null)
            {
                RequireToken(path, where, "Architecture", architecture);
            }

            var (sourceName, sourceVersion) = ParseSource(path, where, stanza["Source"]);
            packages.Add(new ScannedPackage("deb", name, version)
            {
                Epoch = epoch,
                Architecture = architecture,
                SourceName = sourceName,
                SourceVersion = sourceVersion,
                Path = path,
            });
        }

        return new FileAnalysis(packages, warnings);
    }

    /// <summary><c>Status: want flag state</c>; the package's files are on disk when the state is <c>installed</c> (want may be install or hold).</summary>
    private static bool IsInstalled(string path, string where, string? status, bool distroless)
    {
        if (status is null)
        {
            // distroless writes no Status: a status.d entry exists only for an installed package.
            return distroless;
        }

        var words = status.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length != 3)
        {
            throw new InputException(path, $"{where}: Status", $"expected 'want flag state', found '{ControlFileReader.Shorten(status)}'.");
        }

        return words[2] == "installed";
    }

    /// <summary><c>[epoch:]upstream[-revision]</c>: the epoch is an unsigned integer before the first colon.</summary>
    internal static (int? Epoch, string Version) SplitEpoch(string path, string where, string version)
    {
        var colon = version.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (null, version);
        }

        var digits = version.AsSpan(0, colon);
        if (digits.IsEmpty || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) || colon == version.Length - 1)
        {
            throw new InputException(path, $"{where}: Version", $"'{ControlFileReader.Shorten(version)}' has an invalid epoch.");
        }

        return (epoch == 0 ? null : epoch, version[(colon + 1)..]);
    }

    /// <summary><c>Source: name</c> or <c>Source: name (version)</c>.</summary>
    private static (string? Name, string? Version) ParseSource(string path, string where, string? source)
    {
        if (source is null)
        {
            return (null, null);
        }

        var open = source.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            RequireToken(path, where, "Source", source);
            return (source, null);
        }

        var name = source[..open].TrimEnd();
        var version = source.EndsWith(')') ? source[(open + 1)..^1].Trim() : "";
        if (name.Length == 0 || version.Length == 0 || !IsToken(name) || !IsToken(version))
        {
            throw new InputException(path, $"{where}: Source", $"expected 'name' or 'name (version)', found '{ControlFileReader.Shorten(source)}'.");
        }

        return (name, version);
    }

    private static void RequireToken(string path, string where, string field, string value)
    {
        if (!IsToken(value))
        {
            throw new InputException(path, $"{where}: {field}", $"'{ControlFileReader.Shorten(value)}' contains white space or control characters.");
        }
    }

    /// <summary>Names, versions and architectures are single words of printable characters.</summary>
    private static bool IsToken(string value)
    {
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
        }

        return value.Length > 0;
    }
}
