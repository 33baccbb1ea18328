using Tether.Testing;

namespace Tether.Scanner.Tests.Analyze.Os;

/// <summary>The shared package databases and this folder's own test data.</summary>
internal static class Fixtures
{
    public static string DpkgStatus => TestData.Shared("pkgdb", "dpkg", "var", "lib", "dpkg", "status");

    public static string DistrolessStatus => TestData.Shared("pkgdb", "dpkg-distroless", "var", "lib", "dpkg", "status.d", "libsqlite3-0");

    public static string ApkInstalled => TestData.Shared("pkgdb", "apk", "lib", "apk", "db", "installed");

    public static string RpmSqlite => TestData.Shared("pkgdb", "rpm-sqlite-cbl-mariner-2.0", "rpmdb.sqlite");

    public static string RpmBerkeleyDb => TestData.Shared("pkgdb", "rpm", "libuuid", "var", "lib", "rpm", "Packages");

    public static string RpmNdb => TestData.Shared("pkgdb", "rpm", "sle15-bci", "usr", "lib", "sysimage", "rpm", "Packages.db");

    public static string Local(params string[] parts) =>
        TestData.Repo([.. new[] { "tests", "Tether.Scanner.Tests", "Analyze", "Os", "testdata" }, .. parts]);

    public static ReadOnlyMemory<byte> Bytes(string path) => File.ReadAllBytes(path);
}
