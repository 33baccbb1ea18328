using System.Globalization;

namespace Tether.Benchmarks;

/// <summary>The package families the matching benchmark generates, with the ecosystem their packages carry.</summary>
public enum PackageFamily
{
    Debian,
    Alpine,
    Npm,
    PyPI,
    Maven,
    Go,
}

/// <summary>
/// The names and versions that both sides of the matching benchmark draw from, so advisories and installed packages
/// meet the way they do in reality. Per family, name index 0 is the most popular; the inventory holds names
/// 0 … <see cref="InventoryNames"/>−1 (all their binaries and versions, until the family's share of the requested
/// package count is reached). Advisories name a fraction of those (the popular ones always, others by a hash) plus
/// names beyond the inventory: most packages an advisory database knows are not installed anywhere, and most installed
/// packages never had an advisory. Versions come from one upstream version per name (Debian 12 and Alpine 3.19 carry
/// one upstream version per source with security updates on top; language packages are installed at a few patch
/// levels of one line), so advisories fall on both sides of installed versions. Deterministic: no randomness here.
/// </summary>
public sealed class PackageCatalog
{
    /// <summary>Share of the package nodes per family (Debian 12 binaries, Alpine 3.19, npm, PyPI, Maven, Go).</summary>
    private static readonly double[] PackageShare = [0.30, 0.10, 0.30, 0.12, 0.10, 0.08];

    /// <summary>Fraction of installed names that some advisory names (distros have more: their sources are the usual suspects).</summary>
    private static readonly double[] NamedFraction = [0.25, 0.25, 0.10, 0.12, 0.12, 0.10];

    /// <summary>Names advisories mention that no installed package has, per 300,000 records.</summary>
    private static readonly int[] ExtraNamesPer300k = [4_000, 2_500, 12_000, 5_000, 4_000, 3_000];

    private static readonly string[][] RealNames =
    [
        ["openssl", "glibc", "curl", "zlib", "systemd", "gnutls28", "libxml2", "xz-utils", "gzip", "tar", "bash", "coreutils",
            "util-linux", "perl", "pcre2", "ncurses", "expat", "sqlite3", "krb5", "libgcrypt20", "nghttp2", "libssh2", "openldap",
            "cyrus-sasl2", "e2fsprogs", "shadow", "libtasn1-6", "p11-kit", "gnupg2", "apt", "dpkg", "libzstd", "lz4", "bzip2",
            "libidn2", "libunistring", "libseccomp", "libcap2", "audit", "pam", "sed", "grep", "findutils", "diffutils", "libxslt",
            "libpng1.6", "libjpeg-turbo", "tiff", "freetype", "fontconfig", "python3.11", "git", "openssh", "ca-certificates",
            "tzdata", "libffi", "icu", "libyaml", "jansson", "brotli", "nettle", "gmp", "mpfr4", "libsepol", "libselinux"],
        ["openssl", "musl", "busybox", "curl", "zlib", "apk-tools", "libxml2", "xz", "expat", "sqlite", "ncurses", "pcre2",
            "libssh2", "nghttp2", "krb5", "openldap", "libidn2", "brotli", "libpng", "libjpeg-turbo", "tiff", "freetype",
            "fontconfig", "python3", "git", "openssh", "ca-certificates", "tzdata", "libffi", "icu", "yaml", "gnutls", "nettle", "gmp"],
        ["lodash", "express", "axios", "minimist", "semver", "qs", "ws", "jsonwebtoken", "tough-cookie", "ip", "debug", "moment",
            "underscore", "async", "request", "body-parser", "follow-redirects", "node-fetch", "undici", "cross-spawn",
            "path-to-regexp", "braces", "micromatch", "tar", "glob-parent", "yargs-parser", "json5", "loader-utils", "postcss",
            "nanoid", "word-wrap", "socket.io-parser", "xml2js", "got", "decode-uri-component", "terser", "ansi-regex", "minimatch"],
        ["requests", "urllib3", "Pillow", "PyYAML", "Django", "Jinja2", "cryptography", "paramiko", "setuptools", "certifi", "idna",
            "Werkzeug", "Flask", "aiohttp", "numpy", "lxml", "sqlparse", "tornado", "PyJWT", "protobuf", "pip", "wheel", "MarkupSafe",
            "SQLAlchemy", "gunicorn", "twisted", "scrapy", "ansible", "pyOpenSSL", "httpx"],
        ["org.apache.logging.log4j:log4j-core", "com.fasterxml.jackson.core:jackson-databind", "org.springframework:spring-core",
            "org.springframework:spring-web", "org.yaml:snakeyaml", "commons-io:commons-io", "org.apache.commons:commons-text",
            "io.netty:netty-codec-http", "com.google.guava:guava", "org.apache.tomcat.embed:tomcat-embed-core",
            "ch.qos.logback:logback-core", "com.google.protobuf:protobuf-java", "org.bouncycastle:bcprov-jdk18on",
            "org.apache.httpcomponents:httpclient", "com.h2database:h2", "org.postgresql:postgresql", "io.undertow:undertow-core",
            "org.eclipse.jetty:jetty-server", "com.thoughtworks.xstream:xstream", "org.apache.struts:struts2-core"],
        ["stdlib", "golang.org/x/net", "golang.org/x/crypto", "golang.org/x/text", "google.golang.org/grpc", "google.golang.org/protobuf",
            "github.com/gin-gonic/gin", "github.com/docker/docker", "k8s.io/apimachinery", "github.com/opencontainers/runc",
            "github.com/containerd/containerd", "github.com/prometheus/client_golang", "gopkg.in/yaml.v3", "github.com/golang-jwt/jwt/v4",
            "github.com/hashicorp/vault", "github.com/go-git/go-git/v5", "golang.org/x/sys", "github.com/gorilla/websocket"],
    ];

    private static readonly string[] First =
    [
        "json", "xml", "yaml", "http", "net", "crypt", "image", "audio", "video", "text", "time", "data", "file", "path", "url", "auth",
        "cache", "log", "config", "parse", "stream", "buffer", "queue", "event", "task", "query", "graph", "table", "color", "font",
        "mail", "zip", "tar", "hash", "token", "proto", "socket", "shell", "cli", "test",
    ];

    private static readonly string[] Second =
    [
        "core", "utils", "lib", "tools", "client", "server", "parser", "writer", "reader", "loader", "helper", "kit", "base", "common",
        "io", "api", "engine", "bridge", "adapter", "plugin", "runtime", "compat", "types", "sdk", "mock", "store", "router", "handler",
        "filter", "codec", "format", "render", "sync", "worker", "agent", "driver", "extra", "lite", "next", "pro",
    ];

    private static readonly string[] Orgs =
    [
        "acme", "contoso", "fabrikam", "initech", "globex", "umbrella", "hooli", "piedpiper", "stark", "wayne", "wonka", "tyrell",
        "cyberdyne", "soylent", "aperture", "blackmesa", "vandelay", "dunder", "oceanic", "massive", "northwind", "adventure",
        "tailspin", "woodgrove", "litware", "proseware", "fourth", "coho", "lucerne", "margie",
    ];

    private readonly int[] _inventoryNames = new int[6];
    private readonly int[][] _advisoryNames = new int[6][];

    public PackageCatalog(int packages, int advisoryRecords)
    {
        foreach (var family in Enum.GetValues<PackageFamily>())
        {
            var f = (int)family;
            var quota = (int)(packages * PackageShare[f]);
            var names = 0;
            for (var count = 0; count < quota; names++)
            {
                count += Binaries(family, names).Count * Versions(family, names).Count;
            }

            _inventoryNames[f] = names;
            var extra = (int)((long)ExtraNamesPer300k[f] * advisoryRecords / 300_000);

            // Ranked for advisories: installed names that advisories name, popular first, then names no image has.
            _advisoryNames[f] = [.. Enumerable.Range(0, names).Where(i => IsNamed(family, i)).Concat(Enumerable.Range(names, extra))];
        }
    }

    public static IReadOnlyList<PackageFamily> Families { get; } = Enum.GetValues<PackageFamily>();

    /// <summary>Names of the family the inventory holds (0 … n−1).</summary>
    public int InventoryNames(PackageFamily family) => _inventoryNames[(int)family];

    /// <summary>Name indexes advisories may name, most popular first.</summary>
    public IReadOnlyList<int> AdvisoryNames(PackageFamily family) => _advisoryNames[(int)family];

    /// <summary>The OSV ecosystem the family's installed packages carry.</summary>
    public static string PackageEcosystem(PackageFamily family) => family switch
    {
        PackageFamily.Debian => "Debian:12",
        PackageFamily.Alpine => "Alpine:v3.19",
        PackageFamily.Npm => "npm",
        PackageFamily.PyPI => "PyPI",
        PackageFamily.Maven => "Maven",
        _ => "Go",
    };

    public static bool IsDistro(PackageFamily family) => family is PackageFamily.Debian or PackageFamily.Alpine;

    /// <summary>Installed names advisories name: the popular few always, the rest by a hash at the family's fraction.</summary>
    private static bool IsNamed(PackageFamily family, int index) =>
        index < 10 || Mix(family, index, 99) % 1000 < NamedFraction[(int)family] * 1000;

    /// <summary>The package name (the source package for distros), unique per index within the family.</summary>
    public static string Name(PackageFamily family, int index)
    {
        var real = RealNames[(int)family];
        if (index < real.Length)
        {
            return real[index];
        }

        var j = index - real.Length;
        var first = First[j % First.Length];
        var second = Second[j / First.Length % Second.Length];
        var round = j / (First.Length * Second.Length);
        var org = Orgs[round % Orgs.Length] + (round >= Orgs.Length ? (round / Orgs.Length).ToString(CultureInfo.InvariantCulture) : "");
        // A letter, not a digit: distro binaries append a soname digit to the source name, and must not meet another source.
        var suffix = round == 0 ? "" : ((char)('a' + (round - 1) % 26)).ToString() + (round > 26 ? (round / 26).ToString(CultureInfo.InvariantCulture) : "");
        return family switch
        {
            PackageFamily.Debian => $"lib{first}{second}{suffix}",
            PackageFamily.Alpine => $"{first}-{second}{suffix}",
            PackageFamily.Npm => round == 0 ? $"{first}-{second}" : $"@{org}/{first}-{second}",
            // PyPI spellings vary (Flask-Login, python_dateutil); names fold to one key, so one spelling per pair.
            PackageFamily.PyPI => ((j / First.Length) % 3) switch
            {
                0 => $"{first}-{second}{suffix}",
                1 => $"{Capital(first)}{Capital(second)}{suffix}",
                _ => $"{first}_{second}{suffix}",
            },
            PackageFamily.Maven => $"com.{org}:{first}-{second}",
            _ => $"github.com/{org}/{first}-{second}",
        };
    }

    /// <summary>Binary packages built from a distro source (the name itself for language packages).</summary>
    public static IReadOnlyList<string> Binaries(PackageFamily family, int index)
    {
        var source = Name(family, index);
        var h = Mix(family, index, 1);
        return family switch
        {
            PackageFamily.Debian => new[] { source, $"lib{Stem(source)}{1 + h % 3}", $"{source}-dev", $"{source}-common", $"{source}-bin" }[..(1 + (int)(h / 7 % 4))],
            PackageFamily.Alpine => new[] { source, $"{source}-libs", $"{source}-dev", $"{source}-doc" }[..(1 + (int)(h / 7 % 3))],
            _ => [source],
        };
    }

    /// <summary>The upstream version line of a name: (major, minor, patch).</summary>
    public static (int Major, int Minor, int Patch) Upstream(PackageFamily family, int index)
    {
        var h = Mix(family, index, 2);
        return ((int)(1 + h % 5), (int)(h / 5 % 30), (int)(8 + h / 150 % 20));
    }

    /// <summary>Debian revision of a source in Debian 12.</summary>
    public static int DebianRevision(PackageFamily family, int index) => (int)(1 + Mix(family, index, 3) % 3);

    /// <summary>The versions installed somewhere, oldest first (1–4 per name).</summary>
    public static IReadOnlyList<string> Versions(PackageFamily family, int index)
    {
        var count = VersionCount(family, index);
        var result = new List<string>(count);
        for (var k = 0; k < count; k++)
        {
            result.Add(Version(family, index, k));
        }

        return result;
    }

    public static int VersionCount(PackageFamily family, int index) => 1 + (int)(Mix(family, index, 4) % 4);

    /// <summary>The k-th installed version of a name: a security update (distros) or an older patch level (languages).</summary>
    public static string Version(PackageFamily family, int index, int k)
    {
        var (major, minor, patch) = Upstream(family, index);
        var count = VersionCount(family, index);
        return family switch
        {
            PackageFamily.Debian => k == 0 ? $"{major}.{minor}.{patch}-{DebianRevision(family, index)}" : $"{major}.{minor}.{patch}-{DebianRevision(family, index)}+deb12u{k}",
            PackageFamily.Alpine => $"{major}.{minor}.{patch}-r{k}",
            PackageFamily.Go => $"v{major - 1}.{minor}.{patch - 2 * (count - 1 - k)}",
            _ => $"{major - 1}.{minor}.{patch - 2 * (count - 1 - k)}",
        };
    }

    /// <summary>A stable 64-bit hash of (family, index, salt): the same on every machine and run.</summary>
    public static ulong Mix(PackageFamily family, int index, int salt)
    {
        var x = ((ulong)(uint)family << 56) ^ ((ulong)(uint)salt << 40) ^ (uint)index;
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private static string Stem(string source) => source.StartsWith("lib", StringComparison.Ordinal) ? source[3..] : source;

    private static string Capital(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
