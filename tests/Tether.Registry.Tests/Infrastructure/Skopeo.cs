namespace Tether.Registry.Tests.Infrastructure;

/// <summary>Pushes OCI layouts into the test registries with Debian's skopeo, as a user's tooling would.</summary>
internal static class Skopeo
{
    public static Task CopyAsync(string layoutDirectory, string sourceTag, string destination, string? credentials = null)
    {
        List<string> arguments = ["copy", "--all", "--quiet", "--dest-tls-verify=false"];
        if (credentials is not null)
        {
            arguments.Add("--dest-creds");
            arguments.Add(credentials);
        }

        arguments.Add($"oci:{layoutDirectory}:{sourceTag}");
        arguments.Add($"docker://{destination}");
        return ProcessRunner.RunAsync("skopeo", arguments);
    }

    /// <summary>A writable copy of a read-only shared layout (skopeo may want to lock it).</summary>
    public static string CopyLayout(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return destination;
    }
}
