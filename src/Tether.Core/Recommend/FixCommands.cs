namespace Tether.Core.Recommend;

/// <summary>
/// The concrete change per action and ecosystem: the package manager's own command, or the base-image rebuild.
/// Never invents a tag: a newer base image is "the latest digest of the same tag" unless the user picks a newer tag.
/// </summary>
public static class FixCommands
{
    public static FixChange For(string action, FixPackage package, FixLocation where)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(where);
        var target = package.TargetVersion;
        var atLeast = target is null ? $"a version fixing all of {string.Join(", ", package.FixedVersions)}" : target;
        var binaries = string.Join(' ', package.BinaryPackages);
        var dockerfile = where.DockerfilePath ?? "Dockerfile";
        switch (action)
        {
            case RecommendationActions.BaseImage:
                {
                    var image = where.BaseImage ?? "the base image";
                    var pinned = where.BaseImage?.Contains("@sha256:", StringComparison.Ordinal) == true;
                    var tag = pinned ? where.BaseImage![..where.BaseImage!.IndexOf('@', StringComparison.Ordinal)] : where.BaseImage;
                    var summary = pinned
                        ? $"FROM pins {image} by digest: move the pin to the current digest of {tag}, whose {package.Name} must be ≥ {atLeast}, and rebuild."
                        : $"Rebuild on the latest digest of {image} (its {package.Name} must be ≥ {atLeast}); if the latest still has an older {package.Name}, bump FROM {image} to a tag that has ≥ {atLeast}.";
                    List<string> commands = tag is null
                        ? [$"docker build --pull --no-cache -f {dockerfile} ."]
                        : [$"docker pull {tag}", $"docker build --pull --no-cache -f {dockerfile} ."];
                    if (!pinned && tag is not null && VersionQuery(package) is { } query)
                    {
                        commands.Add($"docker run --rm {tag} {query}");
                    }

                    return new FixChange(summary, commands, []);
                }

            case RecommendationActions.OsPackage or RecommendationActions.Image:
                {
                    var command = OsUpgrade(package.Ecosystem, binaries);
                    var summary = where.Line is { } line
                        ? $"Upgrade {binaries} to {atLeast} in the layer of {dockerfile} line {line} ({Short(where.Instruction)}): add '{command}' to that RUN instruction (or raise a pinned version) and rebuild."
                        : $"Upgrade {binaries} to {atLeast} in the image (no Dockerfile line is known): '{command}' in the Dockerfile's last RUN, then rebuild.";
                    return new FixChange(summary, [command], []);
                }

            case RecommendationActions.LanguagePackage:
                {
                    var (command, note) = LanguageUpgrade(package.Ecosystem, package.Name, target);
                    var summary = where.Line is { } line
                        ? $"Bump {package.Name} to {atLeast} in the {package.Ecosystem} manifest installed by {dockerfile} line {line} ({Short(where.Instruction)}), then rebuild."
                        : $"Bump {package.Name} to {atLeast} in the {package.Ecosystem} manifest of the application, then rebuild.";
                    return new FixChange(summary, command is null ? [] : [command], note is null ? [] : [note]);
                }

            default:
                return new FixChange($"Upgrade {package.Name} to {atLeast}.", [], []);
        }
    }

    /// <summary>The distro's own upgrade command for the installed binary packages.</summary>
    public static string OsUpgrade(string ecosystem, string binaries) => ecosystem switch
    {
        "Debian" or "Ubuntu" => $"apt-get update && apt-get install -y --only-upgrade {binaries}",
        "Alpine" or "Wolfi" or "Chainguard" => $"apk upgrade --no-cache {binaries}",
        "SUSE" => $"zypper --non-interactive update {binaries}",
        _ => $"dnf upgrade -y {binaries}",
    };

    /// <summary>The package manager's command that moves a dependency to the target version, and what to know about it.</summary>
    public static (string? Command, string? Note) LanguageUpgrade(string ecosystem, string name, string? target) => (ecosystem, target) switch
    {
        (_, null) => (null, "the fixed versions could not be ordered; pick the one on your release line"),
        ("npm", { } v) => ($"npm install {name}@{v}", "for a transitive dependency, add it to \"overrides\" in package.json instead"),
        ("PyPI", { } v) => ($"pip install '{name}>={v}'", "and raise the pin in requirements.txt / pyproject.toml"),
        ("NuGet", { } v) => ($"dotnet add package {name} --version {v}", null),
        ("Go", { } v) => ($"go get {name}@{(v.StartsWith('v') ? v : "v" + v)} && go mod tidy", null),
        ("Maven", { } v) => ($"mvn versions:use-dep-version -Dincludes={name} -DdepVersion={v}", $"or set <version>{v}</version> of {name} in pom.xml (dependencyManagement for a transitive one)"),
        ("crates.io", { } v) => ($"cargo update -p {name} --precise {v}", null),
        ("RubyGems", { } v) => ($"bundle update {name}", $"Gemfile.lock must then hold {name} ≥ {v}; add gem '{name}', '>= {v}' if bundler keeps the old one"),
        ("Packagist", { } v) => ($"composer require {name}:^{v}", null),
        (_, { } v) => (null, $"upgrade {name} to {v} with the ecosystem's package manager"),
    };

    /// <summary>How to read the package's version in the pulled base image (distro packages only).</summary>
    private static string? VersionQuery(FixPackage package) => package.Ecosystem switch
    {
        "Debian" or "Ubuntu" => $"dpkg-query -W {string.Join(' ', package.BinaryPackages)}",
        "Alpine" or "Wolfi" or "Chainguard" => $"apk info -v {string.Join(' ', package.BinaryPackages)}",
        "Red Hat" or "SUSE" or "Rocky Linux" or "AlmaLinux" or "Photon OS" => $"rpm -q {string.Join(' ', package.BinaryPackages)}",
        _ => null,
    };

    private static string Short(string? instruction) =>
        instruction is null ? "" : instruction.Length <= 80 ? instruction : instruction[..77] + "…";
}
