namespace Tether.Scanner.Analyze.Os.Rpm;

/// <summary>Where rpm keeps its database: <c>var/lib/rpm</c>, or <c>usr/lib/sysimage/rpm</c> (Fedora ≥ 36, SUSE).</summary>
internal static class RpmDatabasePaths
{
    public static bool Is(string path, string fileName) =>
        path == $"var/lib/rpm/{fileName}" || path == $"usr/lib/sysimage/rpm/{fileName}";
}
