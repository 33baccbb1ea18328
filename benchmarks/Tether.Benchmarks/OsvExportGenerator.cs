using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace Tether.Benchmarks;

/// <summary>
/// Writes an OSV export zip (all.zip) of N records shaped like the real ones in shared/testdata/osv: Debian
/// tracker records (one CVE, Debian:11/12/13 entries with urgency), Ubuntu records (upstream CVE, Ubuntu
/// priority, long versions lists), Alpine records (one entry per release), GitHub advisories (CVE alias, CVSS,
/// several ranges, long markdown details), Go records (aliases CVE and GHSA, ecosystem_specific imports) and a
/// few withdrawn ones. CVE ids are shared between databases as in reality, so vulnerability groups form.
/// Streamed to disk entry by entry; deterministic per seed.
/// </summary>
public static class OsvExportGenerator
{
    private static readonly string[] Npm = ["lodash", "express", "minimist", "jsonwebtoken", "tough-cookie", "ip", "axios", "semver", "ws", "qs"];
    private static readonly string[] PyPI = ["Pillow", "urllib3", "requests", "jinja2", "django", "paramiko", "cryptography", "pyyaml"];
    private static readonly string[] Maven = ["org.apache.logging.log4j:log4j-core", "com.fasterxml.jackson.core:jackson-databind", "org.springframework:spring-beans"];
    private static readonly string[] Debian = ["openssl", "curl", "glibc", "gzip", "xz-utils", "zlib", "systemd", "gnutls28", "libxml2", "linux"];

    /// <summary>Writes the archive; returns OSV's <c>modified_id.csv</c> lines for it (newest first).</summary>
    public static IReadOnlyList<string> Write(string path, int records, int seed = 7)
    {
        var index = new List<string>(records);
        var random = new Random(seed);
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        var modified = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < records; i++)
        {
            // Ids are unique, as in an export; GitHub and Go records name the CVE of a distro record before them,
            // so vulnerability groups of two or three records form as they do in reality.
            var own = Cve(i);
            var cve = i > 0 ? Cve(i - 1 - random.Next(Math.Min(i, 5))) : own;
            var kind = random.Next(100);
            var (id, write) = kind switch
            {
                < 40 => ($"DEBIAN-{own}", (Action<Utf8JsonWriter>)(w => DebianRecord(w, random, own))),
                < 55 => ($"UBUNTU-{own}", w => UbuntuRecord(w, random, own)),
                < 65 => ($"ALPINE-{own}", w => AlpineRecord(w, random, own)),
                < 95 => ($"GHSA-{Ghsa(i)}", w => GithubRecord(w, random, cve, i)),
                _ => ($"GO-{2020 + (i % 5)}-{i:D5}", w => GoRecord(w, random, cve, i)),
            };
            index.Add($"{modified.AddMinutes(i):yyyy-MM-ddTHH:mm:ssZ},{id}");
            var entry = zip.CreateEntry(id + ".json", CompressionLevel.Fastest);
            using var stream = entry.Open();
            using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            writer.WriteStartObject();
            writer.WriteString("schema_version", "1.6.0");
            writer.WriteString("id", id);
            writer.WriteString("modified", modified.AddMinutes(i).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            writer.WriteString("published", modified.AddDays(-30).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            if (random.Next(200) == 0)
            {
                writer.WriteString("withdrawn", modified.AddMinutes(i).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            }

            write(writer);
            writer.WriteEndObject();
        }

        index.Reverse();
        return index;
    }

    private static string Cve(int i) => $"CVE-{2015 + (i % 10)}-{10_000 + i}";

    private static void DebianRecord(Utf8JsonWriter w, Random random, string cve)
    {
        Strings(w, "upstream", cve);
        w.WriteString("details", $"{cve}: a flaw in a library used by many packages. " + Text(random, 200));
        var package = Debian[random.Next(Debian.Length)];
        w.WriteStartArray("affected");
        foreach (var (release, codename) in new[] { ("11", "bullseye"), ("12", "bookworm"), ("13", "trixie") })
        {
            w.WriteStartObject();
            Package(w, $"Debian:{release}", package, $"pkg:deb/debian/{package}?arch=source&distro={codename}");
            Range(w, "ECOSYSTEM", random.Next(4) == 0 ? null : $"{random.Next(1, 4)}.{random.Next(10)}.{random.Next(20)}-{random.Next(1, 5)}+deb{release}u{random.Next(1, 9)}");
            w.WriteStartObject("ecosystem_specific");
            w.WriteString("urgency", random.Next(3) switch { 0 => "low", 1 => "not yet assigned", _ => "unimportant" });
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        References(w, $"https://security-tracker.debian.org/tracker/{cve}");
    }

    private static void UbuntuRecord(Utf8JsonWriter w, Random random, string cve)
    {
        Strings(w, "aliases");
        Strings(w, "upstream", cve);
        w.WriteString("details", Text(random, 400));
        w.WriteStartArray("severity");
        w.WriteStartObject();
        w.WriteString("type", "Ubuntu");
        w.WriteString("score", random.Next(2) == 0 ? "medium" : "low");
        w.WriteEndObject();
        w.WriteEndArray();
        var package = Debian[random.Next(Debian.Length)];
        w.WriteStartArray("affected");
        foreach (var release in new[] { "20.04:LTS", "22.04:LTS", "24.04:LTS" })
        {
            w.WriteStartObject();
            Package(w, $"Ubuntu:{release}", package, $"pkg:deb/ubuntu/{package}?arch=source");
            Range(w, "ECOSYSTEM", random.Next(3) == 0 ? null : $"{random.Next(1, 6)}.{random.Next(20)}-{random.Next(1, 9)}ubuntu{random.Next(1, 5)}");
            w.WriteStartArray("versions");
            var count = package == "linux" ? 150 : random.Next(5, 40);
            for (var v = 0; v < count; v++)
            {
                w.WriteStringValue($"{random.Next(1, 6)}.{v}.0-{random.Next(1, 300)}.{random.Next(1, 400)}");
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        References(w, $"https://ubuntu.com/security/{cve}", $"https://www.cve.org/CVERecord?id={cve}");
    }

    private static void AlpineRecord(Utf8JsonWriter w, Random random, string cve)
    {
        Strings(w, "upstream", cve);
        w.WriteString("details", Text(random, 150));
        var package = Debian[random.Next(Debian.Length)];
        w.WriteStartArray("affected");
        for (var minor = 16; minor <= 21; minor++)
        {
            w.WriteStartObject();
            Package(w, $"Alpine:v3.{minor}", package, $"pkg:apk/alpine/{package}?arch=source");
            Range(w, "ECOSYSTEM", $"{random.Next(1, 4)}.{random.Next(10)}.{random.Next(20)}-r{random.Next(5)}");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        References(w, $"https://security.alpinelinux.org/vuln/{cve}");
    }

    private static void GithubRecord(Utf8JsonWriter w, Random random, string cve, int i)
    {
        Strings(w, "aliases", cve);
        w.WriteString("summary", "Prototype pollution in a widely used package");
        w.WriteString("details", "### Impact\n" + Text(random, 1200) + "\n### Patches\n" + Text(random, 300));
        w.WriteStartArray("severity");
        w.WriteStartObject();
        w.WriteString("type", "CVSS_V3");
        w.WriteString("score", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
        w.WriteEndObject();
        w.WriteEndArray();
        var (ecosystem, names) = (i % 4) switch
        {
            0 => ("npm", Npm),
            1 => ("PyPI", PyPI),
            2 => ("Maven", Maven),
            _ => ("NuGet", new[] { "System.Text.Json", "Newtonsoft.Json", "Microsoft.Data.SqlClient" }),
        };
        w.WriteStartArray("affected");
        var name = names[random.Next(names.Length)];
        for (var r = 0; r < 1 + random.Next(3); r++)
        {
            w.WriteStartObject();
            Package(w, ecosystem, name, null);
            w.WriteStartArray("ranges");
            w.WriteStartObject();
            w.WriteString("type", "ECOSYSTEM");
            w.WriteStartArray("events");
            Event(w, "introduced", r == 0 ? "0" : $"{r + 1}.0.0");
            Event(w, random.Next(8) == 0 ? "last_affected" : "fixed", $"{r + 1}.{random.Next(20)}.{random.Next(10)}");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("database_specific");
            w.WriteString("last_known_affected_version_range", "< 2.0.0");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        References(w, $"https://nvd.nist.gov/vuln/detail/{cve}", "https://github.com/advisories", "https://github.com/example/project/commit/0123456789abcdef");
        w.WriteStartObject("database_specific");
        Strings(w, "cwe_ids", "CWE-1321");
        w.WriteString("severity", "HIGH");
        w.WriteBoolean("github_reviewed", true);
        w.WriteEndObject();
    }

    private static void GoRecord(Utf8JsonWriter w, Random random, string cve, int i)
    {
        Strings(w, "aliases", cve, $"GHSA-{Ghsa(i + 1)}");
        w.WriteString("summary", "Denial of service in golang.org/x/net");
        w.WriteString("details", Text(random, 300));
        w.WriteStartArray("affected");
        w.WriteStartObject();
        Package(w, "Go", "golang.org/x/net", null);
        w.WriteStartArray("ranges");
        w.WriteStartObject();
        w.WriteString("type", "SEMVER");
        w.WriteStartArray("events");
        Event(w, "introduced", "0");
        Event(w, "fixed", $"0.{random.Next(30)}.0");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("ecosystem_specific");
        w.WriteStartArray("imports");
        w.WriteStartObject();
        w.WriteString("path", "golang.org/x/net/http2");
        Strings(w, "symbols", "Server.ServeConn", "serverConn.processHeaders");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        References(w, "https://go.dev/issue/57855");
    }

    internal static void Package(Utf8JsonWriter w, string ecosystem, string name, string? purl)
    {
        w.WriteStartObject("package");
        w.WriteString("ecosystem", ecosystem);
        w.WriteString("name", name);
        if (purl is not null)
        {
            w.WriteString("purl", purl);
        }

        w.WriteEndObject();
    }

    private static void Range(Utf8JsonWriter w, string type, string? fixedVersion)
    {
        w.WriteStartArray("ranges");
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteStartArray("events");
        Event(w, "introduced", "0");
        if (fixedVersion is not null)
        {
            Event(w, "fixed", fixedVersion);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    internal static void Event(Utf8JsonWriter w, string kind, string version)
    {
        w.WriteStartObject();
        w.WriteString(kind, version);
        w.WriteEndObject();
    }

    internal static void References(Utf8JsonWriter w, params string[] urls)
    {
        w.WriteStartArray("references");
        foreach (var url in urls)
        {
            w.WriteStartObject();
            w.WriteString("type", "ADVISORY");
            w.WriteString("url", url);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    internal static void Strings(Utf8JsonWriter w, string name, params string[] values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    internal static string Ghsa(int i)
    {
        const string alphabet = "23456789cfghjmpqrvwx";
        Span<char> chars = stackalloc char[12];
        var n = (long)i * 7_919 + 104_729;
        for (var c = 0; c < 12; c++)
        {
            chars[c] = alphabet[(int)(n % alphabet.Length)];
            n = n / alphabet.Length + c * 31;
        }

        return $"{chars[..4]}-{chars[4..8]}-{chars[8..]}";
    }

    internal static string Text(Random random, int length)
    {
        const string words = "the attacker can cause a denial of service via crafted input that triggers excessive memory use in the parser ";
        var start = random.Next(words.Length);
        var text = new System.Text.StringBuilder(length);
        while (text.Length < length)
        {
            text.Append(words, start, words.Length - start);
            start = 0;
        }

        return text.ToString(0, length);
    }
}
